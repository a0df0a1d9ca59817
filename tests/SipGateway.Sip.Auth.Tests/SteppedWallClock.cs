namespace SipGateway.Sip.Auth.Tests;

/// <summary>A clock whose wall time and monotonic timestamp the test sets apart, as an NTP step or an operator sets them apart.</summary>
internal sealed class SteppedWallClock : TimeProvider
{
    public DateTimeOffset Utc = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public long Timestamp = TimeSpan.FromHours(1).Ticks;

    public override DateTimeOffset GetUtcNow() => Utc;
    public override long GetTimestamp() => Timestamp;
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;
}
