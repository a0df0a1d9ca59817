namespace SipGateway.Features.Mobility;

/// <summary>The counters of <c>GET /api/mobility/stats</c>.</summary>
public sealed record MobilityStats(
    int RequestsInProgress, long RequestsThrottled, int MaximumConcurrentRequests, int LoggedIn,
    long Logins, long Logouts, long AutoLogouts, long FailedLogins, long Lockouts, long DialPlanRebuilds, double DialPlanRebuildMilliseconds);
