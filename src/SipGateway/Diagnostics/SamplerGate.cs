namespace SipGateway.Diagnostics;

/// <summary>
/// Lets one diagnostics sample run at a time (GET /api/diagnostics/allocations and /gc). Each sample creates a runtime
/// EventListener, and concurrent ones piled up: every listener start and stop blocks a thread-pool thread on the runtime's
/// event dispatch, so a few hundred requests starved the pool (threads 26 → 275, /health unanswered, SIGTERM hung).
/// A request that finds a sample running is refused at once instead of queueing; the running sample ends when its
/// duration is over, when its client goes away, or when the gateway stops.
/// </summary>
public sealed class SamplerGate(IHostApplicationLifetime lifetime)
{
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <summary>Whether a sample is running now.</summary>
    public bool Busy => _one.CurrentCount == 0;

    /// <summary>
    /// Runs <paramref name="sample"/> if no other sample is running; returns (false, default) at once otherwise. The token
    /// given to the sample is cancelled when <paramref name="requestAborted"/> fires or the host stops.
    /// </summary>
    public async Task<(bool Ran, T? Result)> TryRunAsync<T>(Func<CancellationToken, Task<T>> sample, CancellationToken requestAborted)
    {
        if (!_one.Wait(0)) return (false, default);
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lifetime.ApplicationStopping);
            return (true, await sample(linked.Token).ConfigureAwait(false));
        }
        finally
        {
            _one.Release();
        }
    }
}
