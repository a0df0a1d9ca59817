namespace SipGateway.Routing;

public sealed class DeviceLineDefinition
{
    /// <summary>The directory number; may hold wildcards (a CTI route point line such as <c>10XX</c>).</summary>
    public string Dn { get; set; } = "";

    public string? Partition { get; set; }

    /// <summary>Line CSS; searched before the device CSS.</summary>
    public string? Css { get; set; }

    public string? ExternalPhoneNumberMask { get; set; }
}
