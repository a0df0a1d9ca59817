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
internal sealed class SuccessResponseRetransmitter : ResponseRetransmission
{
    private readonly SipTransactionLayer _layer;

    public SuccessResponseRetransmitter(SipTransactionLayer layer, InviteServerTransaction transaction, SipResponse response, AckKey key)
        : base(layer.Scheduler, layer.Settings)
    {
        _layer = layer;
        Transaction = transaction;
        Response = response;
        Key = key;
    }

    public InviteServerTransaction Transaction { get; }
    public SipResponse Response { get; }
    public AckKey Key { get; }

    public void Start() => StartTimers(Transaction.Remote.Transport);

    // §13.3.1.4: like Timer G, doubling and capped at T2.
    private protected override TimeSpan NextInterval(TimeSpan current) => current * 2 < Settings.T2 ? current * 2 : Settings.T2;

    private protected override void Resend() => _layer.Transmit(Response, Transaction.ResponseTarget, null);

    private protected override void GiveUp() => _layer.OnSuccessUnacknowledged(this);
}
