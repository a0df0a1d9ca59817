using SipGateway.Sip.Message;
using SipGateway.Sip.Timing;
using SipGateway.Sip.Transport;
using SipGateway.Sip.Transactions;

namespace SipGateway.Sip.Dialogs;

/// <summary>
/// One reliable provisional response (RFC 3262 §3): passed to the transaction again at T1, 2*T1, 4*T1 ... until
/// the matching PRACK arrives, and given up after 64*T1. Not resent over reliable transports, where the
/// transport already guarantees delivery; the 64*T1 wait for the PRACK still applies.
/// </summary>
internal sealed class ReliableProvisionalSender
{
    private readonly object _gate = new();
    private readonly ITimerScheduler _scheduler;
    private readonly SipTimerSettings _settings;
    private readonly Action<ReliableProvisionalSender> _onTimeout;
    private TimerHandle? _resend, _giveUp;
    private TimeSpan _interval;
    private bool _stopped;

    public ReliableProvisionalSender(ServerTransaction transaction, SipResponse response, uint rseq, ITimerScheduler scheduler,
        SipTimerSettings settings, Action<ReliableProvisionalSender> onTimeout)
    {
        Transaction = transaction;
        Response = response;
        RSeq = rseq;
        _scheduler = scheduler;
        _settings = settings;
        _onTimeout = onTimeout;
    }

    public ServerTransaction Transaction { get; }
    public SipResponse Response { get; }
    public uint RSeq { get; }

    public void Start()
    {
        lock (_gate)
        {
            if (!Transaction.Remote.Transport.IsReliable())
            {
                _interval = _settings.T1;
                _resend = _scheduler.Schedule(_interval, OnResend);
            }
            _giveUp = _scheduler.Schedule(_settings.SixtyFourT1, OnGiveUp);
        }
        Transaction.SendResponse(Response);
    }

    /// <summary>RFC 3262 §7.2: a PRACK matches when its RAck carries our RSeq and the CSeq number and method of the response.</summary>
    public bool Matches(RAckHeader rack) =>
        rack.RSeq == RSeq && Response.CSeq is { } cseq && rack.CSeq == cseq.Number && rack.Method == cseq.Method;

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

    private void OnResend()
    {
        lock (_gate)
        {
            if (_stopped) return;
            // RFC 3262 §3: the interval doubles on each retransmission; unlike Timer G there is no T2 cap.
            _interval *= 2;
            _resend = _scheduler.Schedule(_interval, OnResend);
        }
        // A false return means a final response went out meanwhile: nothing left to make reliable.
        if (!Transaction.SendResponse(Response)) Stop();
    }

    private void OnGiveUp()
    {
        if (Stop()) _onTimeout(this);
    }
}
