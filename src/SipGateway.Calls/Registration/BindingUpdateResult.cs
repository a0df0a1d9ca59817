namespace SipGateway.Calls.Registration;

/// <summary>
/// The outcome of applying a REGISTER: the AOR's live bindings afterwards (for the 200's Contact list), and
/// which contacts are new and which are gone (refreshed contacts are in neither).
/// </summary>
public sealed record BindingUpdateResult(BindingUpdateStatus Status, IReadOnlyList<ContactBinding> Bindings,
    IReadOnlyList<ContactBinding> Added, IReadOnlyList<ContactBinding> Removed);
