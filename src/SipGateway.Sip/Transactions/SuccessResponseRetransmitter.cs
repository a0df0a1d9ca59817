using SipGateway.Sip.Message;
using SipGateway.Sip.Timing;
using SipGateway.Sip.Transport;

namespace SipGateway.Sip.Transactions;

/// <summary>
/// The UAS core's 2xx retransmission (RFC 3261 §13.3.1.4): the INVITE server transaction is gone (Accepted) once
/// a 2xx is sent, so the core resends it straight to the transport at T1, 2*T1, ... capped at T2 until the ACK
/// arrives, and gives up after 64*T1, telling the TU to end the session. Not resent over reliable transports
/// (the transport delivers it); the 64*T1 wait for the ACK still applies there.
/// </summary>
internal sealed class SuccessResponseRetransmitter
{
    private readonly object _gate = new();
    private readonly SipTransactionLayer _layer;
    private TimerHandle? _resend, _giveUp;
    private TimeSpan _interval;
    private bool _stopped;

    public SuccessResponseRetransmitter(SipTransactionLayer layer, InviteServerTransaction transaction, SipResponse response, AckKey key)
    {
        _layer = layer;
        Transaction = transaction;
        Response = response;
        Key = key;
    }

    public InviteServerTransaction Transaction { get; }
    public SipResponse Response { get; }
    public AckKey Key { get; }

    public void Start()
    {
        lock (_gate)
        {
            if (!Transaction.Remote.Transport.IsReliable())
            {
                _interval = _layer.Settings.T1;
                _resend = _layer.Scheduler.Schedule(_interval, OnResend);
            }
            _giveUp = _layer.Scheduler.Schedule(_layer.Settings.SixtyFourT1, OnGiveUp);
        }
    }

    /// <summary>The ACK came. False when already stopped.</summary>
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
            _layer.Transmit(Response, Transaction.ResponseTarget, null);
            _interval = _interval * 2 < _layer.Settings.T2 ? _interval * 2 : _layer.Settings.T2;
            _resend = _layer.Scheduler.Schedule(_interval, OnResend);
        }
    }

    private void OnGiveUp()
    {
        if (!Stop()) return;
        _layer.OnSuccessUnacknowledged(this);
    }
}

/// <summary>How an ACK finds the 2xx it acknowledges: Call-ID, the To tag we sent, and the INVITE's CSeq number.</summary>
internal readonly record struct AckKey(string CallId, string LocalTag, uint Sequence)
{
    public static AckKey? From(SipMessage message, string? localTag)
    {
        if (message.CallId is not { } callId || localTag is null || message.CSeq is not { } cseq) return null;
        return new AckKey(callId, localTag, cseq.Number);
    }
}
