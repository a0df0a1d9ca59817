namespace SipGateway.Routing;

/// <summary>An ordered list of route groups to try for a route pattern.</summary>
public sealed class RouteList
{
    internal RouteList(string name, IReadOnlyList<RouteListEntry> entries)
    {
        Name = name;
        Entries = entries;
    }

    public string Name { get; }

    public IReadOnlyList<RouteListEntry> Entries { get; }

    internal bool HasOverrides { get; init; }
}
