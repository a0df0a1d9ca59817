using SipGateway.Sip.Message;
using SipGateway.Sip.Transport;

namespace SipGateway.Calls.CallControl;

/// <summary>One place to send the outbound INVITE: a registered contact of a device, or a trunk member with its numbers.</summary>
public sealed record CallTarget(string Label, SipUri RequestUri, SipEndPoint Destination, string CalledNumber, string CallingNumber, string? Trunk,
    string? Device = null);
