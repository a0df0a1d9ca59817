using System.Net;
using SipGateway.Sip.Transport;

namespace SipGateway.Calls.CallControl;

/// <summary>A configured trunk as call control sees it: where to send calls and which sources it is recognised by.</summary>
public sealed record TrunkEndpoint(string Name, SipEndPoint Destination, IReadOnlyList<IPAddress> AllowedSources, string? Did, bool OptionsPing = true,
    bool PresentDid = false);
