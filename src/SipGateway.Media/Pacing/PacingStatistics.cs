using System.Threading;

namespace SipGateway.Media.Pacing;

/// <summary>
/// Histogram of how late packets left relative to their deadline, in 50 µs buckets up to 100 ms
/// (everything later lands in the last bucket). Lock-free so timer threads can record every packet.
/// </summary>
public sealed class PacingStatistics
{
    public const double BucketMicroseconds = 50;
    private const int Buckets = 2001;
    private readonly long[] _counts = new long[Buckets];
    private long _total;
    private double _maxMs;

    public long Count => Interlocked.Read(ref _total);

    public double MaxLatenessMs => Volatile.Read(ref _maxMs);

    public void Record(double latenessMs)
    {
        if (latenessMs < 0) latenessMs = 0;
        int bucket = (int)Math.Min(Buckets - 1, latenessMs * 1000 / BucketMicroseconds);
        Interlocked.Increment(ref _counts[bucket]);
        Interlocked.Increment(ref _total);
        if (latenessMs > Volatile.Read(ref _maxMs)) Volatile.Write(ref _maxMs, latenessMs); // approximate max is fine
    }

    /// <summary>Lateness (ms, upper edge of the bucket) below which <paramref name="fraction"/> of packets fall.</summary>
    public double Percentile(double fraction)
    {
        long total = Count;
        if (total == 0) return 0;
        long target = (long)Math.Ceiling(total * fraction);
        long seen = 0;
        for (int i = 0; i < Buckets; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= target) return (i + 1) * BucketMicroseconds / 1000;
        }
        return Buckets * BucketMicroseconds / 1000;
    }

    public void Reset()
    {
        for (int i = 0; i < Buckets; i++) Interlocked.Exchange(ref _counts[i], 0);
        Interlocked.Exchange(ref _total, 0);
        Volatile.Write(ref _maxMs, 0);
    }
}
