using SipGateway.Sip.Message;

namespace SipGateway.Calls.Registration;

/// <summary>One Contact of a REGISTER with the expiry the registrar granted it (0 removes it).</summary>
public sealed record ContactChange(SipUri Uri, string ContactParameters, double? Q, int Expires);
