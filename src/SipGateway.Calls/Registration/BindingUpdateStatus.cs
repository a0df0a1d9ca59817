namespace SipGateway.Calls.Registration;

public enum BindingUpdateStatus
{
    Applied,
    /// <summary>Same Call-ID with a CSeq not above the binding's: 500 and nothing changes (RFC 3261 §10.3 steps 6–7).</summary>
    OutOfOrder,
    /// <summary>The request alone asks for more contacts than an AOR may hold.</summary>
    TooManyContacts,
}
