using Microsoft.Extensions.Time.Testing;
using SipGateway.Sip.Timing;

namespace SipGateway.Sip.Transactions.Tests.Support;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that moves tick by tick through every wheel created on it, so each timer fires
/// with <see cref="Now"/> equal to its due tick. A callback that schedules a new timer (a retransmission) therefore
/// sees exactly the time a real clock would show, and the whole schedule is deterministic. (A wheel is not a timer of
/// its provider: in the host a <see cref="TimerWheelDriver"/> runs it, so moving the fake alone would fire nothing.)
/// </summary>
public sealed class VirtualClock
{
    private readonly List<(TimerWheel Wheel, TimeSpan Origin)> _wheels = [];
    private readonly long _origin;

    public VirtualClock() => _origin = Time.GetTimestamp();

    /// <summary>The provider the wheels run on.</summary>
    public FakeTimeProvider Time { get; } = new();

    /// <summary>Time since this clock was created.</summary>
    public TimeSpan Now => Time.GetElapsedTime(_origin);

    /// <summary>Creates a wheel on this clock; advancing the clock fires its timers.</summary>
    public TimerWheel CreateWheel(TimeSpan? tickDuration = null, int slotCount = 4096)
    {
        var wheel = new TimerWheel(Time, tickDuration, slotCount);
        lock (_wheels) _wheels.Add((wheel, Now)); // a wheel's ticks count from its creation
        return wheel;
    }

    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(by), "A monotonic clock never goes back.");
        AdvanceTo(Now + by);
    }

    public void AdvanceTo(TimeSpan target)
    {
        while (true)
        {
            (TimerWheel Wheel, TimeSpan Origin)[] wheels;
            lock (_wheels) wheels = [.. _wheels];
            var now = Now;
            TimeSpan? next = null;
            foreach (var (wheel, origin) in wheels)
            {
                if (wheel.Count == 0) continue;
                // The end of the wheel's next tick: every earlier tick was run when the clock last moved.
                long tick = wheel.TickDuration.Ticks;
                var t = origin + TimeSpan.FromTicks(((now - origin).Ticks / tick + 1) * tick);
                if (next is null || t < next) next = t;
            }
            if (next is null || next > target) break;
            Time.Advance(next.Value - now);
            foreach (var (wheel, _) in wheels) wheel.RunDue();
        }
        if (target > Now) Time.Advance(target - Now);
        (TimerWheel Wheel, TimeSpan Origin)[] all;
        lock (_wheels) all = [.. _wheels];
        foreach (var (wheel, _) in all) wheel.RunDue();
    }
}
