namespace SipGateway.Routing;

/// <summary>What <see cref="DialPlanBuilder"/> produces for <see cref="DialPlan"/>'s constructor.</summary>
internal sealed class DialPlanParts
{
    public required Partition NonePartition { get; init; }
    public required Dictionary<string, Partition> Partitions { get; init; }
    public required Dictionary<string, CallingSearchSpace> CallingSearchSpaces { get; init; }
    public required Dictionary<string, RouteGroup> RouteGroups { get; init; }
    public required Dictionary<string, RouteList> RouteLists { get; init; }
    public required Dictionary<string, DevicePool> DevicePools { get; init; }
    public required Dictionary<string, Trunk> Trunks { get; init; }
    public required Dictionary<string, Device> Devices { get; init; }
    public required List<DirectoryNumber> DirectoryNumbers { get; init; }
    public required List<RoutePattern> RoutePatterns { get; init; }
    public required List<TranslationPattern> TranslationPatterns { get; init; }
    public required FailoverRules FailoverRules { get; init; }
    public required PatternIndex Index { get; init; }
}
