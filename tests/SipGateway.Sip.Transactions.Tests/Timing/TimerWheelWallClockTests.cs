using SipGateway.Sip.Timing;

namespace SipGateway.Sip.Transactions.Tests.Timing;

/// <summary>SIP timers run on the provider's monotonic timestamp: a wall-clock step must not fire or hold them.</summary>
public class TimerWheelWallClockTests
{
    private sealed class SteppedWallClock : TimeProvider
    {
        public DateTimeOffset Utc = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        public long Timestamp = 1_000_000_000; // ns, as Stopwatch counts on Linux
        public override DateTimeOffset GetUtcNow() => Utc;
        public override long GetTimestamp() => Timestamp;
        public override long TimestampFrequency => 1_000_000_000;
    }

    [Fact]
    public void A_wall_clock_step_neither_fires_nor_holds_a_timer()
    {
        var clock = new SteppedWallClock();
        var wheel = new TimerWheel(clock, TimeSpan.FromMilliseconds(10), 64);
        int fired = 0;
        wheel.Schedule(TimeSpan.FromSeconds(32), () => fired++); // Timer B at 64*T1

        clock.Utc += TimeSpan.FromHours(1);
        Assert.Equal(0, wheel.RunDue());
        clock.Timestamp += TimeSpan.FromSeconds(31.99).Ticks * 100;
        clock.Utc -= TimeSpan.FromHours(2);
        Assert.Equal(0, wheel.RunDue());
        clock.Timestamp += TimeSpan.FromMilliseconds(10).Ticks * 100;
        Assert.Equal(1, wheel.RunDue());
        Assert.Equal(1, fired);
    }
}
