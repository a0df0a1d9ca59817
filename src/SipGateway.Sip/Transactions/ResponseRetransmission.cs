using SipGateway.Sip.Timing;
using SipGateway.Sip.Transport;

namespace SipGateway.Sip.Transactions;

/// <summary>
/// A response the core keeps resending on its own clock until the peer confirms it: a 2xx until its ACK
/// (RFC 3261 §13.3.1.4) or a reliable provisional until its PRACK (RFC 3262 §3). Resends start at T1 and back off
/// as the subclass says; after 64*T1 without confirmation it gives up. Nothing is resent over reliable transports,
/// but the 64*T1 wait still applies there.
/// </summary>
internal abstract class ResponseRetransmission
{
    private readonly object _gate = new();
    private readonly ITimerScheduler _scheduler;
    private readonly SipTimerSettings _settings;
    private TimerHandle? _resend, _giveUp;
    private TimeSpan _interval;
    private bool _stopped;

    private protected ResponseRetransmission(ITimerScheduler scheduler, SipTimerSettings settings)
    {
        _scheduler = scheduler;
        _settings = settings;
    }

    private protected SipTimerSettings Settings => _settings;

    /// <summary>Starts the resend and give-up timers for a response sent over <paramref name="transport"/>.</summary>
    private protected void StartTimers(SipTransportKind transport)
    {
        lock (_gate)
        {
            if (!transport.IsReliable())
            {
                _interval = _settings.T1;
                _resend = _scheduler.Schedule(_interval, OnResendTimer);
            }
            _giveUp = _scheduler.Schedule(_settings.SixtyFourT1, OnGiveUpTimer);
        }
    }

    /// <summary>The confirmation came (or the response no longer matters). False when already stopped.</summary>
    public bool Stop()
    {
        lock (_gate)
        {
            if (_stopped) return false;
            _stopped = true;
            _resend?.Cancel();
            _giveUp?.Cancel();
            return true;
        }
    }

    private void OnResendTimer()
    {
        lock (_gate)
        {
            if (_stopped) return;
            _interval = NextInterval(_interval);
            _resend = _scheduler.Schedule(_interval, OnResendTimer);
        }
        Resend();
    }

    private void OnGiveUpTimer()
    {
        if (Stop()) GiveUp();
    }

    /// <summary>The wait before the next resend, given the last one.</summary>
    private protected abstract TimeSpan NextInterval(TimeSpan current);

    /// <summary>Sends the response again (outside the lock).</summary>
    private protected abstract void Resend();

    /// <summary>64*T1 passed without confirmation.</summary>
    private protected abstract void GiveUp();
}
