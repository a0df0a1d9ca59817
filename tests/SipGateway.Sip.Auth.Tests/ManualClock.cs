using Microsoft.Extensions.Time.Testing;
using SipGateway.Sip.Timing;

namespace SipGateway.Sip.Auth.Tests;

/// <summary>A fake clock the test moves, read as nonces read it (monotonic time).</summary>
internal sealed class ManualClock() : FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
{
    public TimeSpan Monotonic => this.GetMonotonicTime();
}
