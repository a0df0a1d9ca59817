using System.Diagnostics;

namespace SipGateway.Sip.Timing;

/// <summary>The process's monotonic clock (Stopwatch), with its origin at construction.</summary>
public sealed class SystemMonotonicClock : IMonotonicClock
{
    private readonly long _origin = Stopwatch.GetTimestamp();

    public TimeSpan Now => Stopwatch.GetElapsedTime(_origin);
}
