using SipGateway.Sip.Timing;
using SipGateway.Sip.Transactions;

namespace SipGateway.Calls.CallControl;

/// <summary>One outbound INVITE of a call: to which target, its transaction, and whether it was given up.</summary>
internal sealed class OutboundAttempt(CallTarget target, ClientTransaction transaction)
{
    public CallTarget Target { get; } = target;
    public ClientTransaction Transaction { get; } = transaction;
    public bool Abandoned { get; set; }
    public bool HeardFrom { get; set; }
    /// <summary>Cancelled by us because nobody answered: the 487 that follows means 480 No Answer to the caller.</summary>
    public bool NoAnswer { get; set; }
    /// <summary>This attempt is already the retry after a 422 (one retry per target, RFC 4028 §7.4).</summary>
    public bool RetriedAfter422 { get; set; }
    public TimerHandle? SetupTimer { get; set; }
    public TimerHandle? NoAnswerTimer { get; set; }
}
