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
    public CallForwardOptions? CallForwardAll { get; set; }
    public CallForwardOptions? CallForwardBusy { get; set; }
    public CallForwardOptions? CallForwardNoAnswer { get; set; }
    /// <summary>UCM "No Answer Ring Duration": ringing before Call Forward No Answer (default 12 s, as UCM).</summary>
    public int NoAnswerRingDurationSeconds { get; set; } = 12;
    public bool DoNotDisturb { get; set; }
    /// <summary>"CallReject" (486) or "RingerOff" (offered, flagged silent).</summary>
    public string DndOption { get; set; } = "CallReject";
}

/// <summary>A line's call forward: where to, and the CSS the forwarded call uses (none: the line's CSS).</summary>
public sealed class CallForwardOptions
{
    public string Destination { get; set; } = "";
    public string? Css { get; set; }
}
