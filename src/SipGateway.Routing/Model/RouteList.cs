using System.Runtime.CompilerServices;

namespace SipGateway.Routing;

/// <summary>An ordered list of route groups to try for a route pattern.</summary>
public sealed class RouteList
{
    private readonly Lock _expanding = new();
    private RouteExpansion? _shared;
    private RouteExpansion?[] _byLocalGroup = [];

    internal RouteList(string name, IReadOnlyList<RouteListEntry> entries)
    {
        Name = name;
        Entries = entries;
        for (int i = 0; i < entries.Count; i++) HasLocalRouteGroup |= entries[i].IsStandardLocalRouteGroup;
    }

    public string Name { get; }

    public IReadOnlyList<RouteListEntry> Entries { get; }

    internal bool HasOverrides { get; init; }

    internal bool HasLocalRouteGroup { get; }

    /// <summary>The shared expansion for callers whose device pool has <paramref name="localGroup"/> (built on first use).</summary>
    /// <param name="failover">The plan's rules, which decisions read from the expansion.</param>
    internal RouteExpansion ExpansionFor(RouteGroup? localGroup, FailoverRules failover)
    {
        // Without a Standard Local Route Group entry every caller expands alike.
        if (localGroup is null || !HasLocalRouteGroup) return _shared ??= new RouteExpansion(this, null, failover);
        var byLocal = _byLocalGroup;
        int id = localGroup.Id;
        if ((uint)id < (uint)byLocal.Length && byLocal[id] is { } found) return found;
        return AddExpansion(localGroup, failover);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private RouteExpansion AddExpansion(RouteGroup localGroup, FailoverRules failover)
    {
        lock (_expanding)
        {
            // Copy on write: readers never lock and always see a complete array.
            var byLocal = _byLocalGroup;
            if (localGroup.Id < byLocal.Length && byLocal[localGroup.Id] is { } found) return found;
            var grown = new RouteExpansion?[Math.Max(byLocal.Length, localGroup.Id + 1)];
            byLocal.CopyTo(grown, 0);
            var expansion = grown[localGroup.Id] = new RouteExpansion(this, localGroup, failover);
            _byLocalGroup = grown;
            return expansion;
        }
    }
}
