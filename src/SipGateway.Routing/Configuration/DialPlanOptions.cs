namespace SipGateway.Routing;

/// <summary>The <c>DialPlan</c> configuration section (shape in DESIGN.md). Property names are UCM's field names.</summary>
public sealed class DialPlanOptions
{
    public List<string> Partitions { get; set; } = new();

    /// <summary>CSS name → ordered partition names (first partition wins an exact closeness tie).</summary>
    public Dictionary<string, List<string>> CallingSearchSpaces { get; set; } = new();

    public List<TranslationPatternOptions> TranslationPatterns { get; set; } = new();

    public List<RoutePatternOptions> RoutePatterns { get; set; } = new();

    /// <summary>Route list name → ordered route groups (a name, or a name with per-group overrides).</summary>
    public Dictionary<string, List<RouteListEntryOptions>> RouteLists { get; set; } = new();

    public Dictionary<string, RouteGroupOptions> RouteGroups { get; set; } = new();

    public Dictionary<string, DevicePoolOptions> DevicePools { get; set; } = new();

    /// <summary>UCM service parameter "Stop Routing on User Busy Flag": on 486/600 do not try the next member.</summary>
    public bool StopRoutingOnUserBusy { get; set; } = true;

    /// <summary>UCM service parameter "Stop Routing on Unallocated Number Flag": on 404/485 do not try the next member.</summary>
    public bool StopRoutingOnUnallocatedNumber { get; set; } = true;
}
