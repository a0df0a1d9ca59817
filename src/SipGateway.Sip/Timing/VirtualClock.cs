namespace SipGateway.Sip.Timing;

/// <summary>
/// A clock for tests: time stands still until <see cref="Advance"/> moves it, and it moves tick by tick through
/// every attached wheel so each timer fires with <see cref="Now"/> equal to its due tick. A callback that schedules
/// a new timer (a retransmission) therefore sees exactly the time a real clock would show, and the whole schedule
/// is deterministic.
/// </summary>
public sealed class VirtualClock : IMonotonicClock
{
    private readonly object _gate = new();
    private readonly List<TimerWheel> _wheels = [];
    private TimeSpan _now;

    public VirtualClock(TimeSpan start = default) => _now = start;

    public TimeSpan Now { get { lock (_gate) return _now; } }

    /// <summary>Creates a wheel on this clock and attaches it so advancing the clock fires its timers.</summary>
    public TimerWheel CreateWheel(TimeSpan? tickDuration = null, int slotCount = 4096)
    {
        var wheel = new TimerWheel(this, tickDuration, slotCount);
        Attach(wheel);
        return wheel;
    }

    public void Attach(TimerWheel wheel)
    {
        if (!ReferenceEquals(wheel.Clock, this)) throw new ArgumentException("The wheel runs on another clock.", nameof(wheel));
        lock (_gate) _wheels.Add(wheel);
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
            TimerWheel[] wheels;
            lock (_gate) wheels = [.. _wheels];
            TimeSpan? next = null;
            foreach (var w in wheels)
            {
                if (w.Count == 0) continue;
                var t = w.NextTickTime;
                if (next is null || t < next) next = t;
            }
            if (next is null || next > target) break;
            lock (_gate) if (next > _now) _now = next.Value;
            foreach (var w in wheels) w.RunDue();
        }
        lock (_gate) if (target > _now) _now = target;
        TimerWheel[] all;
        lock (_gate) all = [.. _wheels];
        foreach (var w in all) w.RunDue();
    }
}
