using SipGateway.Calls.Lines;
using SipGateway.Calls.Origination;
using SipGateway.Routing;
using SipGateway.Sip.Message;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// What call control offers its features and its collaborators besides the dispatch of SIP requests: digit analysis
/// over the dial plan in force and the targets of a decision, the hunt of a call sent elsewhere, calls the gateway
/// places itself (<see cref="Originator"/>), third-party control (<see cref="ThirdParty"/>) and the switch of the
/// dial plan (<see cref="IDialPlanSwitch"/>).
/// </summary>
public sealed partial class BackToBackUserAgent : IDialPlanSwitch
{
    private LegOriginator? _originator;

    /// <summary>Calls the gateway places itself (Dial Via Office, persistent connections, auto-answer pages): their
    /// legs are placed through the one outbound-leg engine and joined.</summary>
    public LegOriginator Originator => _originator ??= new LegOriginator(_router, _layer, Legs, () => _plan.FailoverRules, _ports, _options, _pacer, _media.NextSdpSession, _time, _log);

    /// <summary>Third-party control of calls by id, for plug-ins acting on a party's behalf (CTI).</summary>
    public ICallControl ThirdParty { get; }

    public DialPlan Plan => _plan;

    public DialPlan CurrentDialPlan => _analysis.Plan;

    /// <summary>
    /// Swaps the plan with one reference write: a call reads the plan when it is analysed, so it sees either the old
    /// or the new plan, never a mix of half-built tables. The line rules are swapped first so that a DN the new plan
    /// introduces already has its rules when the first call reaches it.
    /// </summary>
    public void ReplaceDialPlan(DialPlan plan, IEnumerable<LineRules> lines)
    {
        ArgumentNullException.ThrowIfNull(plan);
        _lines.ReplaceRules(lines);
        _analysis = new DigitAnalysis(plan, _circular);
    }

    /// <summary>Digit analysis of <paramref name="digits"/> for <paramref name="caller"/>.</summary>
    public RoutingDecision Analyze(Caller caller, string digits, string? callingNumber = null) => _analysis.Analyze(caller, digits, callingNumber);

    /// <summary>The caller a device's line <paramref name="dn"/> is (its first line when it has no such line).</summary>
    internal Caller CallerOfLine(string device, string dn)
    {
        var plan = _plan;
        return plan.CallerFromDevice(device, CallTargets.LineIndex(plan, device, dn));
    }

    /// <summary>Where a routed decision goes: registered contacts of a DN, or route members with their numbers (empty otherwise).</summary>
    public IReadOnlyList<CallTarget> TargetsOf(RoutingDecision decision) => decision.Result switch
    {
        RoutingResult.DirectoryNumber => _targets.DirectoryNumberTargets(decision),
        RoutingResult.Route => _targets.RouteTargets(decision),
        _ => [],
    };

    /// <summary>The registered contacts of <paramref name="device"/>, called as such (no number dialled: the Request-URI
    /// and To name the contact); empty when it is not registered.</summary>
    public IReadOnlyList<CallTarget> ContactsOf(string device)
    {
        var bindings = _registrar.BindingsOfDevice(device);
        var targets = new List<CallTarget>(bindings.Count);
        foreach (var binding in bindings)
            if (SipUri.TryParse(binding.Uri, out var uri))
                targets.Add(new CallTarget($"{device} {binding.Uri}", uri, binding.Source, "", "", null, device));
        return targets;
    }

    /// <summary>A call goes on as if dialled to <paramref name="decision"/>'s destination (a redirect): its targets by the
    /// line rules, then rung (route members one by one, a line's contacts at once).</summary>
    internal void Hunt(Call call, RoutingDecision decision, int forwardHops)
    {
        if (_targets.Resolve(call, decision, forwardHops)) _hunt.Start(call);
    }
}
