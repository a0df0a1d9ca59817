namespace SipGateway.Routing;

/// <summary>
/// An entry ending at an index node, with what ranking reads (partition, order, closeness) and what analysis
/// reads after choosing it copied beside it: the node's header points straight here, so ranking and routing
/// the winner cost one cache miss after the walk (not a ranking block, then the terminal, then the entry),
/// and then only the plan's few shared objects (transformations, route lists).
/// </summary>
internal readonly struct Terminal
{
    private const int RouteFlag = 1, TranslationFlag = 2, BlockFlag = 4, UrgentFlag = 8, GroupCountShift = 4;

    // The flags, and (bits 4-31, on a group's first terminal) how many terminals the group has.
    private readonly int _flags;

    /// <param name="closeness">The group's fixed-length closeness when it fits a word; 0: ask the pattern.</param>
    /// <param name="groupCount">On a group's first terminal, the group's size; 0 on the others.</param>
    public Terminal(DialPlanEntry entry, ulong closeness, int groupCount)
    {
        Entry = entry;
        var pattern = entry.Pattern;
        CountsByLength = pattern.CountsByLength;
        PartitionId = entry.Partition.Id;
        Order = entry.Order;
        Closeness = closeness;
        // With nothing repeating before the '.', the digits before it are the elements before it, whatever was dialed.
        DigitsBeforeDot = pattern.DotIndex < 0 ? 0
            : Array.FindIndex(pattern.Elements, 0, pattern.DotIndex, static e => e.Repeats) < 0 ? pattern.DotIndex : -1;
        switch (entry)
        {
            case RoutePattern route:
                Transformation = route.Transformation;
                RouteList = route.RouteList;
                _flags = RouteFlag | (route.Block ? BlockFlag : 0) | (route.UrgentPriority ? UrgentFlag : 0);
                break;
            case TranslationPattern translation:
                Transformation = translation.Transformation;
                _flags = TranslationFlag | (translation.Block ? BlockFlag : 0) | (translation.UrgentPriority ? UrgentFlag : 0);
                break;
        }
        _flags |= checked(groupCount << GroupCountShift);
    }

    /// <summary>A variable-length pattern's closeness by dialed length (one hop, not pattern then array); null when fixed.</summary>
    public UInt128[]? CountsByLength { get; }

    public int PartitionId { get; }

    /// <summary>Configuration order: the last tie-break of the closest match.</summary>
    public int Order { get; }

    /// <summary>Closeness of a fixed-length pattern when it fits a word; 0: count with <see cref="CountsByLength"/> or the pattern.</summary>
    public ulong Closeness { get; }

    public int GroupCount => _flags >>> GroupCountShift;

    public DialPlanEntry Entry { get; }

    /// <summary>The route or translation pattern's transformation; null for a directory number.</summary>
    public PartyTransformation? Transformation { get; }

    public RouteList? RouteList { get; }

    /// <summary>How many dialed digits fall before the pattern's '.', or -1 when a repeat makes it depend on the digits.</summary>
    public int DigitsBeforeDot { get; }

    public bool IsRoute => (_flags & RouteFlag) != 0;

    public bool IsTranslation => (_flags & TranslationFlag) != 0;

    public bool Block => (_flags & BlockFlag) != 0;

    public bool UrgentPriority => (_flags & UrgentFlag) != 0;
}
