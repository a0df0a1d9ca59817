using Microsoft.Extensions.Time.Testing;
using SipGateway.Sip.Timing;

namespace SipGateway.Calls.Tests.Registration;

/// <summary>A fake clock the test moves, read as the registrar reads binding expiry (monotonic time).</summary>
internal sealed class ManualClock() : FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
{
    public TimeSpan Monotonic => this.GetMonotonicTime();
}
