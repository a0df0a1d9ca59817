namespace SipGateway.Routing;

/// <summary>What digit analysis decided for one call, as data the B2BUA acts on.</summary>
/// <remarks>
/// A route keeps its route list, groups and note in a shared <see cref="RouteExpansion"/>: analysis stores a few
/// fields per call (each reference store costs a GC write barrier) and allocates no lists.
/// </remarks>
public sealed class RoutingDecision
{
    private readonly IReadOnlyList<TranslationStep>? _translations;
    private readonly RouteExpansion? _expansion;
    private readonly ulong _circularStarts;
    private readonly string? _error;
    private IReadOnlyList<RouteTarget>? _members;

    internal RoutingDecision(RoutingResult result, string calledNumber, string callingNumber)
    {
        Result = result;
        CalledNumber = calledNumber;
        CallingNumber = callingNumber;
    }

    /// <summary>A route: members given, or a view of the shared expansion with this call's circular starts.</summary>
    internal RoutingDecision(RouteExpansion expansion, ulong circularStarts, RouteTarget[]? members,
        List<TranslationStep>? translations, string calledNumber, string callingNumber)
        : this(RoutingResult.Route, calledNumber, callingNumber)
    {
        _expansion = expansion;
        _circularStarts = circularStarts;
        // Nulls are not stored: every reference store is a write barrier.
        if (members is not null) _members = members;
        if (translations is not null) _translations = translations;
    }

    public RoutingResult Result { get; }

    /// <summary>The final matched entry (route pattern, translation pattern that blocked, or DN).</summary>
    public DialPlanEntry? Match { get; internal init; }

    public DirectoryNumber? DirectoryNumber => Match as DirectoryNumber;

    public RoutePattern? RoutePattern => Match as RoutePattern;

    public IReadOnlyList<TranslationStep> Translations => _translations ?? [];

    /// <summary>Sets <see cref="Translations"/>; null when the call was not translated.</summary>
    internal List<TranslationStep>? Steps
    {
        init => _translations = value;
    }

    /// <summary>The called number after translations and the matched pattern's transformations.</summary>
    public string CalledNumber { get; }

    public string CallingNumber { get; }

    public RouteList? RouteList => _expansion?.RouteList;

    /// <summary>Route groups in order, Standard Local Route Group resolved (or skipped when the caller's pool has none).</summary>
    public IReadOnlyList<RouteGroup> RouteGroups => _expansion?.GroupList ?? [];

    /// <summary>Members to try, in order; advance per <see cref="Failover"/>.</summary>
    public IReadOnlyList<RouteTarget> Members =>
        // A view over the shared expansion, made on first read: analysis itself allocates no member list.
        _members ??= _expansion is null ? [] : new RouteMembers(_expansion, _circularStarts, CalledNumber, CallingNumber);

    public string? BlockReason { get; internal init; }

    public bool UrgentPriority { get; internal init; }

    /// <summary>Why analysis stopped (Error), or a note such as a route list with no usable group.</summary>
    public string? Error
    {
        get => _error ?? _expansion?.Error;
        internal init => _error = value;
    }

    /// <summary>The plan's failover rules, for a route.</summary>
    public FailoverRules? Failover => _expansion?.Failover;
}
