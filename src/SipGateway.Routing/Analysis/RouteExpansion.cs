namespace SipGateway.Routing;

/// <summary>
/// What a route list expands to for callers with one local route group: the groups and, per member slot, its
/// group and place. Immutable and shared by every such call, so a decision carries no per-call arrays; only the
/// numbers and circular starts differ per call (<see cref="RouteMembers"/>).
/// </summary>
internal sealed class RouteExpansion
{
    /// <summary>Circular starts are packed 16 bits per circular group into one word.</summary>
    internal const int MaxCircularGroups = 4;

    public RouteExpansion(RouteList routeList, RouteGroup? localGroup, FailoverRules failover)
    {
        Failover = failover;
        var groups = new List<RouteGroup>();
        var slotGroup = new List<int>();
        var slotMember = new List<int>();
        var circular = new List<RouteGroup>();
        var ordinals = new List<int>();
        bool overrides = false;
        foreach (var entry in routeList.Entries)
        {
            // Standard Local Route Group: the caller's device pool decides; a pool without one is skipped.
            var group = entry.RouteGroup ?? localGroup;
            if (group is null) continue;
            overrides |= entry.HasOverrides;
            ordinals.Add(group.Distribution == RouteGroupDistribution.Circular ? circular.Count : -1);
            if (group.Distribution == RouteGroupDistribution.Circular) circular.Add(group);
            for (int k = 0; k < group.Members.Count; k++)
            {
                slotGroup.Add(groups.Count);
                slotMember.Add(k);
            }
            groups.Add(group);
        }
        RouteList = routeList;
        Groups = groups.ToArray();
        GroupList = Array.AsReadOnly(Groups);
        SlotGroup = slotGroup.ToArray();
        SlotMember = slotMember.ToArray();
        Circular = circular.ToArray();
        CircularOrdinal = ordinals.ToArray();
        // Overrides give groups their own numbers, and long circular groups do not pack: those build members per call.
        PerCallMembers = overrides || Circular.Length > MaxCircularGroups || circular.Exists(g => g.Members.Count > ushort.MaxValue);
        Error = SlotGroup.Length == 0
            ? $"route list {routeList.Name} has no route group for this caller (no local route group in its device pool)"
            : null;
    }

    public RouteList RouteList { get; }

    public FailoverRules Failover { get; }

    public RouteGroup[] Groups { get; }

    /// <summary><see cref="Groups"/> as handed out by decisions (read-only, so sharing is safe).</summary>
    public IReadOnlyList<RouteGroup> GroupList { get; }

    public int MemberCount => SlotGroup.Length;

    /// <summary>Per member slot: index into <see cref="Groups"/>.</summary>
    public int[] SlotGroup { get; }

    /// <summary>Per member slot: place in its group before the circular start is applied.</summary>
    public int[] SlotMember { get; }

    /// <summary>Circular groups in order (a group listed twice appears twice and is advanced twice).</summary>
    public RouteGroup[] Circular { get; }

    /// <summary>Per group: which packed start applies, or -1 (top down).</summary>
    public int[] CircularOrdinal { get; }

    /// <summary>Members cannot be described by the shared slots plus one numbers pair and packed starts.</summary>
    public bool PerCallMembers { get; }

    /// <summary>The note for a route list with no usable group, built once.</summary>
    public string? Error { get; }
}
