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
    public IReadOnlyList<RouteTarget> Members { get; internal init; } = [];

    public string? BlockReason { get; internal init; }

    public bool UrgentPriority { get; internal init; }

    /// <summary>Why analysis stopped (Error), or a note such as a route list with no usable group.</summary>
    public string? Error { get; internal init; }

    public FailoverRules? Failover { get; internal init; }
}
