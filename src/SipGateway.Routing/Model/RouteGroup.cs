namespace SipGateway.Routing;

public sealed class RouteGroup
{
    internal RouteGroup(string name, RouteGroupDistribution distribution, IReadOnlyList<string> members)
    {
        Name = name;
        Distribution = distribution;
        Members = members;
        MemberCount = members.Count;
    }

    public string Name { get; }

    public RouteGroupDistribution Distribution { get; }

    /// <summary>Trunk names in configured order.</summary>
    public IReadOnlyList<string> Members { get; }

    /// <summary><see cref="Members"/>' count without an interface call (read on every circular call).</summary>
    internal int MemberCount { get; }

    /// <summary>Unique in its plan: indexes per-local-group caches.</summary>
    internal int Id { get; init; }

    /// <summary>Where a <see cref="CircularDistributionCounter"/> counts this group (a cache of its lookup by name).</summary>
    internal CircularDistributionCounter.Slot? CircularSlot { get; set; }
}
