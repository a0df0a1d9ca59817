namespace SipGateway.Routing;

/// <summary>An entry that matched the dialed digits in a reachable partition, with its closeness.</summary>
/// <param name="Matches">How many strings of the dialed length the pattern matches (fewer is closer).</param>
/// <param name="CssRank">Position of the entry's partition in the caller's CSS (lower wins an exact tie).</param>
public sealed record AnalysisCandidate(DialPlanEntry Entry, UInt128 Matches, int CssRank);
