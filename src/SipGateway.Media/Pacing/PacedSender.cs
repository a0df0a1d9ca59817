using System.Diagnostics;
using System.Runtime.CompilerServices;
using SipGateway.Media.Audio;
using SipGateway.Media.Transport;

namespace SipGateway.Media.Pacing;

/// <summary>
/// Sends many 20 ms G.711 streams from a few shared timer threads. Each thread owns a deadline heap;
/// it sleeps in 1 ms steps while the next deadline is more than 2 ms away, then nanosleeps to a little before
/// the deadline (a plain millisecond sleep overshoots by up to a millisecond or more), spins on the monotonic
/// clock for the last stretch (<see cref="DefaultSpinMicroseconds"/>) so a slow timer wake-up costs nothing, and
/// sends every frame due within 0.25 ms as one batch. Spinning is rationed (<see cref="SpinShare"/> of the
/// thread's time), so a thread with thousands of streams, whose deadlines are microseconds apart, falls back to
/// nanosleep instead of spinning flat out and being throttled by the kernel.
/// Timer threads ask for real-time scheduling on Linux (<see cref="ThreadScheduling"/>) so they win the CPU
/// when their deadline comes. One instance serves the whole process (B2BUA announcements, tones, paging).
/// </summary>
public sealed class PacedSender : IDisposable
{
    private readonly TimeProvider _time;
    private readonly long _frequency;
    private readonly PacingLoop[] _loops;
    private readonly Thread[] _threads;
    private readonly AutoResetEvent[] _wake;
    private readonly long _sleepThreshold;
    private readonly long _tolerance;
    private readonly long _spin;
    private readonly long _spinBudgetCap;
    private volatile bool _disposed;

    /// <summary>How long before a deadline the timer thread stops sleeping and spins: covers the wake-up latency
    /// of nanosleep on a busy or virtualised machine (tens to a few hundred µs).</summary>
    public const int DefaultSpinMicroseconds = 300;

    /// <summary>At most this share of a timer thread's time is spent spinning (1/16, about 6 %); past it the
    /// thread sleeps to the deadline instead.</summary>
    public const int SpinShare = 16;

    /// <param name="threads">Timer threads (1..64); streams are spread over them.</param>
    /// <param name="time">The clock deadlines are on, as its timestamps (<see cref="TimeProvider.System"/> by default); a test's
    /// clock that stands still cannot hold a timer thread, whose spin is also bounded in real time.</param>
    /// <param name="spinMicroseconds">Spin window before each deadline (0: sleep only); see <see cref="DefaultSpinMicroseconds"/>.</param>
    public PacedSender(int threads = 2, TimeProvider? time = null, int spinMicroseconds = DefaultSpinMicroseconds)
    {
        if (threads < 1 || threads > 64) throw new ArgumentOutOfRangeException(nameof(threads));
        if (spinMicroseconds < 0 || spinMicroseconds > 2000) throw new ArgumentOutOfRangeException(nameof(spinMicroseconds), "0..2000 µs");
        _time = time ?? TimeProvider.System;
        _frequency = _time.TimestampFrequency;
        _sleepThreshold = FromMilliseconds(2);
        _tolerance = FromMilliseconds(0.25);
        _spin = FromMilliseconds(spinMicroseconds / 1000.0);
        _spinBudgetCap = 4 * _spin;
        _loops = new PacingLoop[threads];
        _threads = new Thread[threads];
        _wake = new AutoResetEvent[threads];
        for (int i = 0; i < threads; i++)
        {
            _loops[i] = new PacingLoop(_time, Statistics);
            _wake[i] = new AutoResetEvent(false);
            int index = i;
            _threads[i] = new Thread(() => Run(index))
            {
                IsBackground = true,
                Name = $"rtp-pacer-{i}",
                Priority = ThreadPriority.Highest,
            };
            _threads[i].Start();
        }
    }

    /// <summary>Send lateness of every packet (for health endpoints and the benchmark).</summary>
    public PacingStatistics Statistics { get; } = new();

    public int StreamCount => _loops.Sum(l => l.StreamCount);

    public int ThreadCount => _loops.Length;

    /// <summary>What priority the timer threads obtained: "fifo" (real-time), "nice" or "none".</summary>
    public string SchedulingClass { get; private set; } = "none";

    /// <summary>Starts sending <paramref name="source"/> to <paramref name="sink"/> until the source ends or the stream is stopped.</summary>
    public PacedStream Start(IAudioSource source, IRtpSink sink, PacedStreamOptions? options = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        options ??= new PacedStreamOptions();
        var stream = new PacedStream(source, sink, options, FromMilliseconds(options.PtimeMs))
        {
            Deadline = _time.GetTimestamp() + FromMilliseconds(options.StartDelay.TotalMilliseconds),
        };
        int best = 0;
        for (int i = 1; i < _loops.Length; i++)
            if (_loops[i].StreamCount < _loops[best].StreamCount) best = i;
        _loops[best].Add(stream);
        _wake[best].Set();
        return stream;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // fully optimised at once: no tier-up while pacing
    private void Run(int index)
    {
        SchedulingClass = ThreadScheduling.TryRaiseCurrentThread();
        var loop = _loops[index];
        var wake = _wake[index];
        long budget = _spinBudgetCap; // spin time this thread may still use (ticks)
        long refilled = _time.GetTimestamp();
        while (!_disposed)
        {
            // Frames due within the tolerance go now, in one batch: with thousands of streams the deadlines are
            // microseconds apart, and sending a frame 0.25 ms early costs less than waking up for each one.
            long next = loop.RunDue(_time.GetTimestamp() + _tolerance);
            if (next == long.MaxValue)
            {
                wake.WaitOne(50);
                continue;
            }
            long now = _time.GetTimestamp();
            budget = Math.Min(_spinBudgetCap, budget + ((now - refilled) / SpinShare));
            refilled = now;
            long target = next - _tolerance;
            long remaining = target - now;
            if (remaining > _sleepThreshold)
            {
                // Far away: sleep ~1 ms at a time, which also picks up streams added meanwhile.
                ThreadScheduling.SleepMicroseconds(1000);
            }
            else if (remaining > _spin)
            {
                // Close: sleep until the spin window before the batch.
                SleepTicks(remaining - _spin);
            }
            else if (remaining > 0)
            {
                if (remaining <= budget)
                {
                    // Last stretch: spin, so the wake-up latency of a sleep is not paid at the deadline. Rationed:
                    // a real-time thread that never sleeps is throttled by the kernel (sched_rt_runtime_us) for
                    // tens of ms each second, and its spinning would starve the relay threads.
                    // Bounded in real time too, so a clock that does not move (a test's manual clock) cannot hold it.
                    long limit = Stopwatch.GetTimestamp() + (long)(ToMilliseconds(remaining) * Stopwatch.Frequency / 1000) + 1;
                    while (_time.GetTimestamp() < target && Stopwatch.GetTimestamp() < limit) Thread.SpinWait(20);
                    budget -= _time.GetTimestamp() - now; // what it really took, preemption included
                }
                else
                {
                    SleepTicks(remaining);
                }
            }
        }
    }

    private void SleepTicks(long ticks) => ThreadScheduling.SleepMicroseconds(Math.Max(1, (long)(ToMilliseconds(ticks) * 1000)));

    private long FromMilliseconds(double ms) => (long)(ms * _frequency / 1000.0);

    private double ToMilliseconds(long ticks) => ticks * 1000.0 / _frequency;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var w in _wake) w.Set();
        foreach (var t in _threads) t.Join(TimeSpan.FromSeconds(2));
        foreach (var w in _wake) w.Dispose();
    }
}
