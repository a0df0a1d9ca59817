using System.Net;

namespace SipGateway.Configuration;

/// <summary>One entry of "Trunks": a SIP trunk or gateway the route groups point at (DESIGN.md).</summary>
public sealed class TrunkOptions
{
    public required IPEndPoint Destination { get; init; }
    public string Transport { get; init; } = "udp";
    public string? DevicePool { get; init; }
    public string? InboundCss { get; init; }
    public IReadOnlyList<IPAddress> AllowedSources { get; init; } = [];
    public string? Did { get; init; }
    /// <summary>Send the SIP OPTIONS keepalive to this trunk (default true).</summary>
    public bool OptionsPing { get; init; } = true;
    /// <summary>"CallingNumberSource": "Did" presents the trunk's DID as the calling number on every outbound call.</summary>
    public bool PresentDid { get; init; }
}
