namespace SipGateway.Routing;

/// <summary>A pattern that routes to a route list, or blocks the call.</summary>
public sealed class RoutePattern : DialPlanEntry
{
    internal RoutePattern(DigitPattern pattern, Partition partition, string keyPath, int order,
        PartyTransformation transformation, RouteList? routeList, bool block, string? blockReason, bool urgentPriority)
        : base(pattern, partition, keyPath, order)
    {
        Transformation = transformation;
        RouteList = routeList;
        Block = block;
        BlockReason = blockReason;
        UrgentPriority = urgentPriority;
    }

    public PartyTransformation Transformation { get; }

    public RouteList? RouteList { get; }

    public bool Block { get; }

    public string? BlockReason { get; }

    public bool UrgentPriority { get; }
}
