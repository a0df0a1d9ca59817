namespace SipGateway.Routing;

/// <summary>
/// An entry ending at an index node, with what analysis reads after choosing it copied beside it: routing the
/// winner then reads this one struct and the plan's few shared objects (transformations, route lists), not the
/// entry itself, which in a large plan is a cache miss of its own.
/// </summary>
internal readonly struct Terminal
{
    private const int RouteFlag = 1, TranslationFlag = 2, BlockFlag = 4, UrgentFlag = 8;

    private readonly int _flags;

    public Terminal(DialPlanEntry entry)
    {
        Entry = entry;
        var pattern = entry.Pattern;
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
    }

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
