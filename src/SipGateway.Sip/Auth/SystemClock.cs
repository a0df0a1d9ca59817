using System.Diagnostics;

namespace SipGateway.Sip.Auth;

/// <summary>The real clock: <see cref="Stopwatch"/> for monotonic time, the system clock for wall time.</summary>
public sealed class SystemClock : IClock
{
    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;

    public TimeSpan Monotonic => Stopwatch.GetElapsedTime(0);
}
