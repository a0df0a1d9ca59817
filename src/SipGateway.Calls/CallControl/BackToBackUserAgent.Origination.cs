using Microsoft.Extensions.Logging;
using SipGateway.Calls.Origination;
using SipGateway.Routing;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// Calls the gateway places itself (Dial Via Office, persistent connections): digits analysed for a caller turn into
/// the same targets an inbound call would get, and <see cref="Originator"/> places and joins the legs.
/// </summary>
public sealed partial class BackToBackUserAgent
{
    private LegOriginator? _originator;

    public LegOriginator Originator => _originator ??= new LegOriginator(_router, _layer, Legs, () => _plan.FailoverRules, _ports, _options, _pacer, _log);

    public DialPlan Plan => _plan;

    /// <summary>Digit analysis of <paramref name="digits"/> for <paramref name="caller"/>.</summary>
    public RoutingDecision Analyze(Caller caller, string digits, string? callingNumber = null) => _analysis.Analyze(caller, digits, callingNumber);

    /// <summary>Where a routed decision goes: registered contacts of a DN, or route members with their numbers (empty otherwise).</summary>
    public IReadOnlyList<CallTarget> TargetsOf(RoutingDecision decision) => decision.Result switch
    {
        RoutingResult.DirectoryNumber => DirectoryNumberTargets(decision),
        RoutingResult.Route => RouteTargets(decision),
        _ => [],
    };
}
