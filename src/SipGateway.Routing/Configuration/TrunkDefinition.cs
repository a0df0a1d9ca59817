namespace SipGateway.Routing;

/// <summary>A trunk/gateway: a route group member, and an origin of calls (its inbound CSS and device pool).</summary>
public sealed class TrunkDefinition
{
    public string Name { get; set; } = "";

    public string? DevicePool { get; set; }

    public string? InboundCss { get; set; }
}
