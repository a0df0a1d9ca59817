using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SipGateway.Sip.Timing;

/// <summary>
/// Drives a <see cref="TimerWheel"/> in real time: an async loop on a <see cref="PeriodicTimer"/> of the wheel's
/// <see cref="TimeProvider"/> that calls <see cref="TimerWheel.RunDue"/> every interval. No thread is parked between ticks; stop cancels the loop and
/// awaits it, so callbacks never run after <see cref="StopAsync"/> returns.
/// </summary>
public sealed class TimerWheelDriver : IAsyncDisposable
{
    private readonly TimerWheel _wheel;
    private readonly TimeSpan _interval;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private CancellationTokenSource? _stop;
    private Task? _loop;

    public TimerWheelDriver(TimerWheel wheel, TimeSpan? interval = null, ILogger? logger = null)
    {
        _wheel = wheel;
        _interval = interval ?? TimeSpan.FromMilliseconds(5);
        if (_interval <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(interval));
        _logger = logger ?? NullLogger.Instance;
    }

    public bool IsRunning { get { lock (_gate) return _loop is { IsCompleted: false }; } }

    public void Start()
    {
        lock (_gate)
        {
            if (_loop is { IsCompleted: false }) return;
            _stop = new CancellationTokenSource();
            _loop = RunAsync(_stop.Token);
        }
    }

    public async Task StopAsync()
    {
        Task? loop;
        CancellationTokenSource? stop;
        lock (_gate)
        {
            loop = _loop;
            stop = _stop;
            _loop = null;
            _stop = null;
        }
        if (loop is null || stop is null) return;
        stop.Cancel();
        try { await loop.ConfigureAwait(false); }
        finally { stop.Dispose(); }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task RunAsync(CancellationToken token)
    {
        // Leave the caller's thread at once; the loop lives on the thread pool.
        await Task.Yield();
        using var timer = new PeriodicTimer(_interval, _wheel.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            {
                try { _wheel.RunDue(); }
                catch (Exception ex) { _logger.LogError(ex, "Timer wheel tick failed"); }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested) { }
    }
}
