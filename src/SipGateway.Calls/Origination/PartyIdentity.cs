namespace SipGateway.Calls.Origination;

/// <summary>Who the gateway says is calling on a leg it originates (From and P-Asserted-Identity): a display name and a number.</summary>
public sealed record PartyIdentity(string? DisplayName, string Number);
