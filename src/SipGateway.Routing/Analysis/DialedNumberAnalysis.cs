namespace SipGateway.Routing;

/// <summary>
/// The Dialed Number Analyzer's report. Serialised camelCase by <see cref="DialedNumberAnalyzer.ToJson"/>;
/// the first eleven properties are the documented shape, the rest are additions.
/// </summary>
public sealed class DialedNumberAnalysis
{
    public RoutingResult Result { get; init; }
    public string? Pattern { get; init; }
    public string? Partition { get; init; }
    public IReadOnlyList<TranslationReport> Translations { get; init; } = [];
    public string CalledNumber { get; init; } = "";
    public string CallingNumber { get; init; } = "";
    public string? RouteList { get; init; }
    public IReadOnlyList<string> RouteGroups { get; init; } = [];
    public IReadOnlyList<string> Members { get; init; } = [];
    public string? BlockReason { get; init; }
    public IReadOnlyList<CandidateReport> Candidates { get; init; } = [];

    /// <summary>What went wrong for an Error result (or a note on a Route with no usable member).</summary>
    public string? Error { get; init; }

    /// <summary>The CSS the analysis searched first (line + device combined).</summary>
    public string? Css { get; init; }

    /// <summary>Devices that ring for a DirectoryNumber result.</summary>
    public IReadOnlyList<string> Devices { get; init; } = [];

    /// <summary>Members with the numbers each would receive.</summary>
    public IReadOnlyList<TargetReport> Targets { get; init; } = [];

    public bool UrgentPriority { get; init; }

    public FailoverReport? Failover { get; init; }

    public sealed record TranslationReport(string Pattern, string? Partition, string CalledNumber, string CallingNumber);

    public sealed record CandidateReport(string Pattern, string? Partition, UInt128 Matches, string Kind);

    public sealed record TargetReport(string Member, string RouteGroup, string CalledNumber, string CallingNumber);

    public sealed record FailoverReport(bool StopRoutingOnUserBusy, bool StopRoutingOnUnallocatedNumber, string Rule);
}
