using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Message;

namespace SipGateway.Sip.Transactions.Tests.Support;

public sealed class RecordingDialogUser : ISipDialogUser
{
    public List<(ServerTransaction Tx, Dialog? Dialog)> Requests { get; } = [];
    public List<(Dialog Dialog, SipRequest Ack)> Acks { get; } = [];
    public List<Dialog> AckTimeouts { get; } = [];
    public List<(Dialog Dialog, SipRequest Prack)> Pracks { get; } = [];
    public List<ServerTransaction> ReliableTimeouts { get; } = [];
    public List<Dialog> Terminated { get; } = [];
    public Action<ServerTransaction, Dialog?>? Answer { get; set; }

    public void OnRequest(ServerTransaction transaction, Dialog? dialog)
    {
        Requests.Add((transaction, dialog));
        Answer?.Invoke(transaction, dialog);
    }

    public void OnAck(Dialog dialog, SipRequest ack) => Acks.Add((dialog, ack));
    public void OnAckTimeout(Dialog dialog) => AckTimeouts.Add(dialog);
    public void OnPrack(Dialog dialog, SipRequest prack) => Pracks.Add((dialog, prack));
    public void OnReliableProvisionalTimeout(Dialog dialog, ServerTransaction transaction) => ReliableTimeouts.Add(transaction);
    public void OnDialogTerminated(Dialog dialog) => Terminated.Add(dialog);
}
