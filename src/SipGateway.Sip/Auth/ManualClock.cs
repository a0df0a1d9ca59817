namespace SipGateway.Sip.Auth;

/// <summary>A clock that moves only when told to (tests, simulations). Thread-safe.</summary>
public sealed class ManualClock : IClock
{
    private readonly object _gate = new();
    private DateTimeOffset _utc;
    private TimeSpan _monotonic;

    public ManualClock(DateTimeOffset? start = null)
    {
        _utc = start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        // Not zero, so code that treats 0 as "unset" is caught by tests.
        _monotonic = TimeSpan.FromHours(1);
    }

    public DateTimeOffset UtcNow { get { lock (_gate) return _utc; } }

    public TimeSpan Monotonic { get { lock (_gate) return _monotonic; } }

    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(by), "a monotonic clock does not go back");
        lock (_gate)
        {
            _utc += by;
            _monotonic += by;
        }
    }
}
