namespace SipGateway.Routing;

/// <summary>A phone (or CTI device) as digit analysis needs it: where its lines live and what they may dial.</summary>
public sealed class DeviceDefinition
{
    public string Name { get; set; } = "";

    public string? DevicePool { get; set; }

    /// <summary>Device CSS; searched after the line CSS.</summary>
    public string? Css { get; set; }

    public List<DeviceLineDefinition> Lines { get; set; } = new();
}
