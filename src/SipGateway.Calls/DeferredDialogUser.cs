using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Message;
using SipGateway.Sip.Transactions;

namespace SipGateway.Calls;

/// <summary>
/// Stands in for the UAS core while the host wires things up: the dialog router needs its user at construction, and
/// the core needs the B2BUA, which needs the router. Nothing arrives before the transports start.
/// </summary>
public sealed class DeferredDialogUser : ISipDialogUser
{
    public ISipDialogUser? Target { get; set; }

    private ISipDialogUser User => Target ?? throw new InvalidOperationException("the SIP core is not wired yet");

    public void OnRequest(ServerTransaction transaction, Dialog? dialog) => User.OnRequest(transaction, dialog);
    public void OnAck(Dialog dialog, SipRequest ack) => User.OnAck(dialog, ack);
    public void OnAckTimeout(Dialog dialog) => User.OnAckTimeout(dialog);
    public void OnPrack(Dialog dialog, SipRequest prack) => User.OnPrack(dialog, prack);
    public void OnReliableProvisionalTimeout(Dialog dialog, ServerTransaction transaction) => User.OnReliableProvisionalTimeout(dialog, transaction);
    public void OnDialogTerminated(Dialog dialog) => User.OnDialogTerminated(dialog);
}
