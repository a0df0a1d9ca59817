namespace SipGateway.Features.Mobility;

/// <summary>
/// UCM's "Maximum Concurrent Requests": requests beyond it are answered at once with error 26 rather than queued. The
/// two counters are the ones UCM's troubleshooting refers to ("Requests In Progress", "Requests Throttled").
/// </summary>
public sealed class RequestThrottle(int maximum)
{
    private int _inProgress;
    private long _throttled;

    public int RequestsInProgress => Volatile.Read(ref _inProgress);
    public long RequestsThrottled => Interlocked.Read(ref _throttled);
    public int Maximum => maximum;

    /// <summary>Takes a slot; false (and counted as throttled) when <see cref="Maximum"/> requests are already in progress.</summary>
    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _inProgress) <= maximum) return true;
        Interlocked.Decrement(ref _inProgress);
        Interlocked.Increment(ref _throttled);
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _inProgress);
}
