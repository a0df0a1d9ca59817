using SipGateway.Routing;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// What call control offers its features and its collaborators besides the dispatch of SIP requests: third-party
/// control of calls, and the hunt of a call sent elsewhere.
/// </summary>
public sealed partial class BackToBackUserAgent
{
    /// <summary>Third-party control of calls by id, for plug-ins acting on a party's behalf (CTI).</summary>
    public ICallControl ThirdParty { get; }

    /// <summary>A call goes on as if dialled to <paramref name="decision"/>'s destination (a redirect): its targets by the
    /// line rules, then rung (route members one by one, a line's contacts at once).</summary>
    internal void Hunt(Call call, RoutingDecision decision, int forwardHops)
    {
        if (!ResolveTargets(call, decision, forwardHops)) return;
        if (call.Sequential) TryNextMember(call);
        else foreach (var target in call.Targets) StartAttempt(call, target);
    }
}
