namespace SipGateway.Routing;

/// <summary>What digit analysis decided for one call, as data the B2BUA acts on.</summary>
public sealed class RoutingDecision
{
    internal RoutingDecision(RoutingResult result, string calledNumber, string callingNumber)
    {
        Result = result;
        CalledNumber = calledNumber;
        CallingNumber = callingNumber;
    }

    public RoutingResult Result { get; }

    /// <summary>The final matched entry (route pattern, translation pattern that blocked, or DN).</summary>
    public DialPlanEntry? Match { get; internal init; }

    public DirectoryNumber? DirectoryNumber => Match as DirectoryNumber;

    public RoutePattern? RoutePattern => Match as RoutePattern;

    public IReadOnlyList<TranslationStep> Translations { get; internal init; } = [];

    /// <summary>The called number after translations and the matched pattern's transformations.</summary>
    public string CalledNumber { get; }

    public string CallingNumber { get; }

    public RouteList? RouteList { get; internal init; }

    /// <summary>Route groups in order, Standard Local Route Group resolved (or skipped when the caller's pool has none).</summary>
    public IReadOnlyList<RouteGroup> RouteGroups { get; internal init; } = [];

    /// <summary>Members to try, in order; advance per <see cref="Failover"/>.</summary>
    public IReadOnlyList<RouteTarget> Members
    {
        // A view over the shared expansion, made on first read: analysis itself allocates no member list.
        get => _members ??= _expansion is null ? [] : new RouteMembers(_expansion, _circularStarts, CalledNumber, CallingNumber);
        internal init => _members = value;
    }

    private IReadOnlyList<RouteTarget>? _members;
    private readonly RouteExpansion? _expansion;
    private readonly ulong _circularStarts;

    /// <summary>A route: groups from the shared expansion; members given, or a view of the expansion with these circular starts.</summary>
    internal RoutingDecision(RouteExpansion expansion, ulong circularStarts, RouteTarget[]? members, string calledNumber, string callingNumber)
        : this(RoutingResult.Route, calledNumber, callingNumber)
    {
        _expansion = expansion;
        _circularStarts = circularStarts;
        _members = members;
        RouteGroups = expansion.GroupList;
        Error = expansion.Error;
    }

    public string? BlockReason { get; internal init; }

    public bool UrgentPriority { get; internal init; }

    /// <summary>Why analysis stopped (Error), or a note such as a route list with no usable group.</summary>
    public string? Error { get; internal init; }

    public FailoverRules? Failover { get; internal init; }
}
