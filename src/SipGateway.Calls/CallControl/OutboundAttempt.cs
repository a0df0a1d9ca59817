using SipGateway.Sip.Timing;
using SipGateway.Sip.Transactions;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// One INVITE the gateway sends to open a leg, whoever asked for it (a call's fork or route member, a leg the gateway
/// originates): the target, its transaction, its timers, and whether it was given up. <see cref="Owner"/> is the call
/// or originated leg it belongs to; <see cref="OutboundLegs"/> sends it and reports its responses.
/// </summary>
internal sealed class OutboundAttempt(CallTarget target, object owner)
{
    public CallTarget Target { get; } = target;
    public object Owner { get; } = owner;
    /// <summary>Set before the INVITE leaves (the answer may be handled on another thread before the send returns).</summary>
    public ClientTransaction Transaction { get; private set; } = null!;
    public bool Abandoned { get; set; }
    public bool HeardFrom { get; set; }
    /// <summary>Cancelled by us because nobody answered: the 487 that follows means 480 No Answer to the caller.</summary>
    public bool NoAnswer { get; set; }
    /// <summary>This attempt is already the retry after a 422 (one retry per target, RFC 4028 §7.4).</summary>
    public bool RetriedAfter422 { get; set; }
    public TimerHandle? SetupTimer { get; set; }
    public TimerHandle? NoAnswerTimer { get; set; }

    internal void Bind(ClientTransaction transaction) => Transaction = transaction;

    public void StopTimers()
    {
        SetupTimer?.Cancel();
        NoAnswerTimer?.Cancel();
    }
}
