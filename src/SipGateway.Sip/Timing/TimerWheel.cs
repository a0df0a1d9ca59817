using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SipGateway.Sip.Timing;

/// <summary>
/// A hashed timer wheel (Varghese and Lauck, scheme 6): time is cut into ticks, a timer due at tick t lives in slot
/// t mod slotCount, and each tick only the one slot for that tick is visited. Insert and cancel are O(1); a timer
/// further away than one revolution simply stays in its slot until its own tick comes round. Nothing here sleeps
/// or polls: <see cref="RunDue"/> is called by a <see cref="TimerWheelDriver"/> (real time) or by a test that moves
/// a fake <see cref="TimeProvider"/>, and fires every timer whose tick has passed, in due order. Time is the
/// provider's monotonic timestamp, measured from the wheel's creation, so wall-clock steps never move a SIP timer.
/// </summary>
public sealed class TimerWheel : ITimerScheduler
{
    private readonly object _gate = new();
    private readonly TimerHandle?[] _heads;
    private readonly TimerHandle?[] _tails;
    private readonly long _tickLength;
    private readonly int _mask;
    private readonly ILogger _logger;
    private readonly long _origin;
    private readonly long _timestampsPerTick;
    private readonly double _ticksPerTimestamp;
    private long _processedTick;
    private int _count;

    /// <param name="time">Source of time (<see cref="TimeProvider.System"/> in the host).</param>
    /// <param name="tickDuration">Resolution; a timer fires on the first tick at or after its due time. Default 1 ms.</param>
    /// <param name="slotCount">Slots per revolution, rounded up to a power of two. Default 4096.</param>
    public TimerWheel(TimeProvider time, TimeSpan? tickDuration = null, int slotCount = 4096, ILogger? logger = null)
    {
        var tick = tickDuration ?? TimeSpan.FromMilliseconds(1);
        if (tick <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(tickDuration));
        if (slotCount < 1) throw new ArgumentOutOfRangeException(nameof(slotCount));
        ArgumentNullException.ThrowIfNull(time);
        int slots = (int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)slotCount);
        Time = time;
        _origin = time.GetTimestamp();
        // Cached: the frequency is fixed per provider, and reading it per Schedule would be a second virtual call.
        // Stopwatch counts 1 ns (Linux) or 100 ns, FakeTimeProvider 100 ns: whole multiples convert exactly.
        long frequency = time.TimestampFrequency;
        _timestampsPerTick = frequency % TimeSpan.TicksPerSecond == 0 ? frequency / TimeSpan.TicksPerSecond : 0;
        _ticksPerTimestamp = (double)TimeSpan.TicksPerSecond / frequency;
        TickDuration = tick;
        _tickLength = tick.Ticks;
        _mask = slots - 1;
        _heads = new TimerHandle?[slots];
        _tails = new TimerHandle?[slots];
        _logger = logger ?? NullLogger.Instance;
    }

    public TimeProvider Time { get; }
    public TimeSpan TickDuration { get; }
    public int SlotCount => _heads.Length;

    /// <summary>Timers scheduled and not yet fired or cancelled.</summary>
    public int Count { get { lock (_gate) return _count; } }

    /// <summary>Time since the wheel was created, on its provider's monotonic timestamp; tick n ends at n × TickDuration.</summary>
    private TimeSpan Now
    {
        get
        {
            long elapsed = Time.GetTimestamp() - _origin;
            return TimeSpan.FromTicks(_timestampsPerTick > 0 ? elapsed / _timestampsPerTick : (long)(elapsed * _ticksPerTimestamp));
        }
    }

    public TimerHandle Schedule(TimeSpan delay, Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (delay < TimeSpan.Zero) delay = TimeSpan.Zero;
        long dueTime = (Now + delay).Ticks;
        // Round up: a timer must never fire before its delay has elapsed.
        long dueTick = (dueTime + _tickLength - 1) / _tickLength;
        lock (_gate)
        {
            if (dueTick <= _processedTick) dueTick = _processedTick + 1;
            var handle = new TimerHandle(this, callback, dueTick);
            Link(handle, (int)(dueTick & _mask));
            _count++;
            return handle;
        }
    }

    internal bool Cancel(TimerHandle handle)
    {
        lock (_gate)
        {
            if (handle.Slot < 0) return false;
            Unlink(handle);
            _count--;
            return true;
        }
    }

    /// <summary>
    /// Fires every timer due at or before the clock's current time, earliest tick first and, within a tick, in the
    /// order they were scheduled. Callbacks run after the wheel's lock is released, so they may schedule or cancel.
    /// Returns how many fired.
    /// </summary>
    public int RunDue()
    {
        long nowTick = Now.Ticks / _tickLength;
        List<TimerHandle>? due = null;
        lock (_gate)
        {
            while (_processedTick < nowTick)
            {
                if (_count == 0) { _processedTick = nowTick; break; }
                long tick = ++_processedTick;
                int slot = (int)(tick & _mask);
                for (var h = _heads[slot]; h is not null;)
                {
                    var next = h.Next;
                    if (h.DueTick <= tick)
                    {
                        Unlink(h);
                        _count--;
                        (due ??= []).Add(h);
                    }
                    h = next;
                }
            }
        }
        if (due is null) return 0;
        foreach (var h in due)
        {
            try { h.Callback(); }
            catch (Exception ex) { _logger.LogError(ex, "Timer callback failed"); }
        }
        return due.Count;
    }

    private void Link(TimerHandle h, int slot)
    {
        h.Slot = slot;
        h.Previous = _tails[slot];
        h.Next = null;
        if (_tails[slot] is { } tail) tail.Next = h; else _heads[slot] = h;
        _tails[slot] = h;
    }

    private void Unlink(TimerHandle h)
    {
        int slot = h.Slot;
        if (h.Previous is { } p) p.Next = h.Next; else _heads[slot] = h.Next;
        if (h.Next is { } n) n.Previous = h.Previous; else _tails[slot] = h.Previous;
        h.Previous = h.Next = null;
        h.Slot = -1;
    }
}
