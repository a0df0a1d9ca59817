using SipGateway.Sip.Message;
using SipGateway.Sip.Transactions;

namespace SipGateway.Sip.Dialogs;

/// <summary>
/// The application above the <see cref="DialogRouter"/> (the B2BUA, registrar, OPTIONS responder). Called from
/// transport and timer threads; must not block.
/// </summary>
public interface ISipDialogUser
{
    /// <summary>
    /// A request to answer: outside any dialog (<paramref name="dialog"/> null: INVITE, REGISTER, OPTIONS ...), or
    /// inside a known dialog after the router's checks (CSeq order, glare, target refresh). PRACK and CANCEL never come here.
    /// </summary>
    void OnRequest(ServerTransaction transaction, Dialog? dialog);

    /// <summary>The ACK for a 2xx we sent (it may carry the SDP answer).</summary>
    void OnAck(Dialog dialog, SipRequest ack) { }

    /// <summary>Our 2xx was never ACKed within 64*T1: the session should end with a BYE (RFC 3261 §13.3.1.4).</summary>
    void OnAckTimeout(Dialog dialog) { }

    /// <summary>A PRACK matched one of our reliable provisionals and was answered 200 (RFC 3262 §3).</summary>
    void OnPrack(Dialog dialog, SipRequest prack) { }

    /// <summary>A reliable provisional was never PRACKed; the router already rejected the INVITE with 5xx (RFC 3262 §3).</summary>
    void OnReliableProvisionalTimeout(Dialog dialog, ServerTransaction transaction) { }

    /// <summary>The dialog ended: BYE either way, a failed INVITE for an early dialog, 481/408 to an in-dialog request.</summary>
    void OnDialogTerminated(Dialog dialog) { }
}
