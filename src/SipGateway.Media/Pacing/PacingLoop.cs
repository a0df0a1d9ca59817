using System.Runtime.CompilerServices;
using System.Collections.Concurrent;

namespace SipGateway.Media.Pacing;

/// <summary>
/// The schedule one timer thread serves: a min-heap of streams by next deadline. <see cref="RunDue"/> sends
/// every frame whose deadline has passed and returns the next deadline; it is separate from the thread so
/// tests can drive it with a manual clock. Deadlines are <see cref="TimeProvider"/> timestamps.
/// </summary>
internal sealed class PacingLoop
{
    private readonly TimeProvider _time;
    private readonly double _msPerTimestamp;
    private readonly PacingStatistics _statistics;
    private readonly PriorityQueue<PacedStream, long> _heap = new();
    private readonly ConcurrentQueue<PacedStream> _added = new();
    private int _count;

    public PacingLoop(TimeProvider time, PacingStatistics statistics)
    {
        _time = time;
        _msPerTimestamp = 1000.0 / time.TimestampFrequency;
        _statistics = statistics;
    }

    public int StreamCount => Volatile.Read(ref _count);

    public void Add(PacedStream stream)
    {
        Interlocked.Increment(ref _count);
        _added.Enqueue(stream);
    }

    /// <summary>Sends all frames due by <paramref name="now"/> (the caller may pass a little ahead of the clock to
    /// batch); returns the next deadline (long.MaxValue when idle).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long RunDue(long now)
    {
        while (_added.TryDequeue(out var s)) _heap.Enqueue(s, s.Deadline);
        int budget = Math.Max(64, _heap.Count); // each stream at most once per call: bounded work
        while (budget-- > 0 && _heap.TryPeek(out var stream, out long deadline) && deadline <= now)
        {
            _heap.Dequeue();
            if (stream.StopRequested)
            {
                Finish(stream);
                continue;
            }
            long sendTime = _time.GetTimestamp();
            // Early (batched) or late, both are pacing error.
            _statistics.Record(Math.Abs((sendTime - deadline) * _msPerTimestamp));
            bool more;
            try
            {
                more = stream.SendFrame();
            }
            catch (Exception)
            {
                more = false; // a faulty source must not take the timer thread (and its other streams) down
            }
            if (!more)
            {
                Finish(stream);
                continue;
            }
            stream.Advance(now);
            _heap.Enqueue(stream, stream.Deadline);
            now = Math.Max(now, sendTime);
        }
        while (_added.TryDequeue(out var s)) _heap.Enqueue(s, s.Deadline);
        return _heap.TryPeek(out _, out long next) ? next : long.MaxValue;
    }

    private void Finish(PacedStream stream)
    {
        Interlocked.Decrement(ref _count);
        stream.Complete();
    }
}
