using System.Diagnostics;

namespace SipGateway.Media.Pacing;

/// <summary>
/// The monotonic clock paced senders schedule against. Deadlines are absolute times on this clock, so
/// lateness in one period never accumulates into drift. Tests substitute a manual clock.
/// </summary>
public abstract class MediaClock
{
    /// <summary>The process's monotonic clock (<see cref="Stopwatch"/>).</summary>
    public static MediaClock Monotonic { get; } = new MonotonicClock();

    /// <summary>Current time in ticks of <see cref="Frequency"/> per second.</summary>
    public abstract long Now { get; }

    public abstract long Frequency { get; }

    public long FromMilliseconds(double ms) => (long)(ms * Frequency / 1000.0);

    public double ToMilliseconds(long ticks) => ticks * 1000.0 / Frequency;

    private sealed class MonotonicClock : MediaClock
    {
        public override long Now => Stopwatch.GetTimestamp();
        public override long Frequency => Stopwatch.Frequency;
    }
}
