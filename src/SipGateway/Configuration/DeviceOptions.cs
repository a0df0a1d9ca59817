namespace SipGateway.Configuration;

/// <summary>One entry of "Devices" (UCM device fields; see DESIGN.md).</summary>
public sealed class DeviceOptions
{
    public string Type { get; set; } = "SipPhone";
    public string? DevicePool { get; set; }
    public string? Css { get; set; }
    public string? AuthUser { get; set; }
    public string? Password { get; set; }
    public string? DisplayName { get; set; }
    public string? Owner { get; set; }
    public string? RerouteCss { get; set; }
    public bool EnableExtensionMobility { get; set; }
    public List<LineOptions> Lines { get; set; } = [];
}

public sealed class LineOptions
{
    public string Dn { get; set; } = "";
    public string? Partition { get; set; }
    public string? Css { get; set; }
    public string? DisplayName { get; set; }
    public string? ExternalPhoneNumberMask { get; set; }
    public int MaxCalls { get; set; } = 4;
    public int BusyTrigger { get; set; } = 2;
}
