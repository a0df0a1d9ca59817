using Microsoft.Extensions.Logging;
using SipGateway.Calls.Origination;
using SipGateway.Routing;
using SipGateway.Sip.Message;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// Calls the gateway places itself (Dial Via Office, persistent connections, auto-answer pages): digits analysed for a
/// caller turn into the same targets an inbound call would get, or a device's registered contacts are called as such,
/// and <see cref="Originator"/> places and joins the legs.
/// </summary>
public sealed partial class BackToBackUserAgent
{
    private LegOriginator? _originator;

    public LegOriginator Originator => _originator ??= new LegOriginator(_router, _layer, Legs, () => _plan.FailoverRules, _ports, _options, _pacer, NextSdpSession, _log);

    public DialPlan Plan => _plan;

    /// <summary>Digit analysis of <paramref name="digits"/> for <paramref name="caller"/>.</summary>
    public RoutingDecision Analyze(Caller caller, string digits, string? callingNumber = null) => _analysis.Analyze(caller, digits, callingNumber);

    /// <summary>The caller a device's line <paramref name="dn"/> is (its first line when it has no such line).</summary>
    internal Caller CallerOfLine(string device, string dn) => _plan.CallerFromDevice(device, LineIndex(device, dn));

    /// <summary>Where a routed decision goes: registered contacts of a DN, or route members with their numbers (empty otherwise).</summary>
    public IReadOnlyList<CallTarget> TargetsOf(RoutingDecision decision) => decision.Result switch
    {
        RoutingResult.DirectoryNumber => DirectoryNumberTargets(decision),
        RoutingResult.Route => RouteTargets(decision),
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
}
