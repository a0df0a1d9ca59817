using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Transactions;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// Something other than a B2BUA call leg that owns a dialog (its <see cref="Dialog.UserState"/>), such as a leg the
/// gateway originated itself: in-dialog requests and the dialog's end are handed to it.
/// </summary>
public interface IDialogOwner
{
    /// <summary>A request inside the owned dialog; false leaves it to the default handling.</summary>
    bool OnInDialogRequest(ServerTransaction transaction, Dialog dialog);

    void OnDialogTerminated(Dialog dialog);
}
