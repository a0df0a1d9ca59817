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
internal sealed class ReliableProvisionalSender : ResponseRetransmission
{
    private readonly Action<ReliableProvisionalSender> _onTimeout;

    public ReliableProvisionalSender(ServerTransaction transaction, SipResponse response, uint rseq, ITimerScheduler scheduler,
        SipTimerSettings settings, Action<ReliableProvisionalSender> onTimeout) : base(scheduler, settings)
    {
        Transaction = transaction;
        Response = response;
        RSeq = rseq;
        _onTimeout = onTimeout;
    }

    public ServerTransaction Transaction { get; }
    public SipResponse Response { get; }
    public uint RSeq { get; }

    public void Start()
    {
        StartTimers(Transaction.Remote.Transport);
        Transaction.SendResponse(Response);
    }

    /// <summary>RFC 3262 §7.2: a PRACK matches when its RAck carries our RSeq and the CSeq number and method of the response.</summary>
    public bool Matches(RAckHeader rack) =>
        rack.RSeq == RSeq && Response.CSeq is { } cseq && rack.CSeq == cseq.Number && rack.Method == cseq.Method;

    // RFC 3262 §3: the interval doubles on each retransmission; unlike Timer G there is no T2 cap.
    private protected override TimeSpan NextInterval(TimeSpan current) => current * 2;

    // A false return means a final response went out meanwhile: nothing left to make reliable.
    private protected override void Resend()
    {
        if (!Transaction.SendResponse(Response)) Stop();
    }

    private protected override void GiveUp() => _onTimeout(this);
}
