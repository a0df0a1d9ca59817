using Microsoft.Extensions.Logging;
using SipGateway.Calls.Lines;
using SipGateway.Routing;
using SipGateway.Sip.Message;
using SipGateway.Sip.Transport;

namespace SipGateway.Calls.CallControl;

public sealed partial class BackToBackUserAgent
{
    /// <summary>UCM's limit on forward hops: a chain of forwards longer than this is a loop.</summary>
    internal const int MaxForwardHops = 12;

    private readonly object _routeHandlersGate = new();
    /// <summary>Replaced whole on registration: calls read it without a lock.</summary>
    private volatile ICallRouteHandler[] _routeHandlers = [];

    /// <summary>Adds a route handler after those already registered (the host registers them at start-up).</summary>
    public void AddRouteHandler(ICallRouteHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_routeHandlersGate) _routeHandlers = [.. _routeHandlers, handler];
    }

    private volatile ICallTargetSource[] _targetSources = [];

    /// <summary>Adds a target source after those already registered (consulted when a call to a DN is resolved).</summary>
    public void AddTargetSource(ICallTargetSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        lock (_routeHandlersGate) _targetSources = [.. _targetSources, source];
    }

    /// <summary>The first target source whose device takes the call without ringing; null when none does.</summary>
    private LocalAnswer? SourceAnswer(Call call, DirectoryNumber dn)
    {
        foreach (var source in _targetSources)
            if (source.AnswerWithoutRinging(call, dn) is { } answer) return answer;
        return null;
    }

    /// <summary>Lets each target source add targets for the DN's devices; the first that serves every device, or null.</summary>
    private ICallTargetSource? AddSourceTargets(Call call, DirectoryNumber dn, List<CallTarget> targets)
    {
        ICallTargetSource? every = null;
        foreach (var source in _targetSources)
            if (source.AddTargets(call, dn, targets) == TargetCoverage.Every) every ??= source;
        return every;
    }

    /// <summary>True when a route handler took the call: refused (the caller has its final response) or answered locally.</summary>
    private bool TryRouteHandlers(Call call, RoutingDecision decision, SessionTimer? sessionTimer)
    {
        foreach (var handler in _routeHandlers)
        {
            var result = handler.TryHandle(call, decision);
            if (!result.Handled) continue;
            if (result.LocalAnswer is { } answer)
            {
                _log.AnsweredForRouteHandler(call.Id, handler.GetType().Name, answer.RouteMember);
                _localAnswerer.Answer(call, answer, sessionTimer);
                return true;
            }
            _log.TakenByRouteHandler(call.Id, handler.GetType().Name, result.Code, result.Reason);
            _teardown.Reject(call, result.Code, result.Reason!);
            return true;
        }
        return false;
    }

    /// <summary>
    /// Turns a routing decision into the call's targets, applying the called line's rules (DND, Call Forward All, busy
    /// trigger with Call Forward Busy). False when the call was rejected (the caller already has its final response).
    /// </summary>
    private bool ResolveTargets(Call call, RoutingDecision decision, int forwardHops)
    {
        switch (decision.Result)
        {
            case RoutingResult.Block:
                _teardown.Reject(call, 403, $"Forbidden ({decision.BlockReason ?? "blocked by the dial plan"})");
                return false;
            case RoutingResult.Unallocated:
                _teardown.Reject(call, 404, "Not Found (unallocated number)");
                return false;
            case RoutingResult.Error:
                _teardown.Reject(call, 500, $"Server Internal Error ({decision.Error})");
                return false;
            case RoutingResult.DirectoryNumber:
                var dn = decision.DirectoryNumber!.Dn;
                var rules = _lines.Get(dn);
                if (rules?.ForwardAll is { } cfa)
                    return Forward(call, decision.DirectoryNumber!, cfa, "Call Forward All", forwardHops);
                if (rules is { DoNotDisturb: true, DoNotDisturbOption: DoNotDisturbOption.CallReject })
                {
                    _teardown.Reject(call, 486, $"Busy Here (line {dn}: Do Not Disturb)");
                    return false;
                }
                if (rules is not null)
                {
                    if (!_lines.TryOccupy(dn, rules.BusyTrigger))
                    {
                        if (rules.ForwardBusy is { } cfb) return Forward(call, decision.DirectoryNumber!, cfb, "Call Forward Busy", forwardHops);
                        _teardown.Reject(call, 486, $"Busy Here (line {dn} is at its busy trigger of {rules.BusyTrigger} calls)");
                        return false;
                    }
                    lock (call.Gate) call.OccupiedLines.Add(dn);
                }
                call.CalledLine = rules;
                call.CalledDirectoryNumber = decision.DirectoryNumber;
                // Only a call dialled to the line (not forwarded or redirected to it) may be taken without ringing.
                if (forwardHops == 0 && SourceAnswer(call, decision.DirectoryNumber!) is { } local)
                {
                    call.AnswerWithoutRinging = local;
                    call.Targets = [];
                    call.Sequential = false;
                    return true;
                }
                var dnTargets = DirectoryNumberTargets(decision);
                var servingEvery = AddSourceTargets(call, decision.DirectoryNumber!, dnTargets);
                call.Targets = dnTargets;
                call.Sequential = false;
                if (call.Targets.Count == 0 && servingEvery is not null)
                {
                    var nothing = servingEvery.WhenNothingRings(decision.DirectoryNumber!);
                    if (rules?.ForwardNoAnswer is { } cfna) return Forward(call, decision.DirectoryNumber!, cfna, nothing.ForwardReason, forwardHops);
                    _teardown.Reject(call, 486, nothing.BusyReason);
                    return false;
                }
                if (call.Targets.Count == 0)
                {
                    // UCM's Call Forward Unregistered is approximated by Call Forward No Answer: nobody can answer.
                    if (rules?.ForwardNoAnswer is { } cfur) return Forward(call, decision.DirectoryNumber!, cfur, "Call Forward No Answer (not registered)", forwardHops);
                    _teardown.Reject(call, 480, "Temporarily Unavailable (not registered)");
                    return false;
                }
                return true;
            case RoutingResult.Route:
                call.Targets = RouteTargets(decision);
                call.Sequential = true;
                call.Failover = decision.Failover;
                if (call.Targets.Count == 0)
                {
                    _teardown.Reject(call, 503, "Service Unavailable (no route group member is available)");
                    return false;
                }
                return true;
            default:
                _teardown.Reject(call, 500, $"Server Internal Error (unexpected routing result {decision.Result})");
                return false;
        }
    }

    /// <summary>
    /// Forwards a call for a line to the forward destination, analysed with the forward CSS (or, without one, the
    /// forwarding line's own CSS). The calling number stays the original caller's, as UCM presents it.
    /// </summary>
    private bool Forward(Call call, DirectoryNumber dn, CallForward forward, string why, int hops)
    {
        if (hops >= MaxForwardHops)
        {
            _teardown.Reject(call, 482, $"Loop Detected (more than {MaxForwardHops} call forward hops, last at line {dn.Dn})");
            return false;
        }
        var device = dn.Devices.Count > 0 ? dn.Devices[0] : null;
        Caller forwarder;
        try
        {
            forwarder = forward.Css is not null || device is null
                ? _plan.CallerWithCss(forward.Css, device)
                : _plan.CallerFromDevice(device, LineIndex(device, dn.Dn));
        }
        catch (KeyNotFoundException ex)
        {
            _teardown.Reject(call, 500, $"Server Internal Error ({why} of line {dn.Dn}: {ex.Message})");
            return false;
        }
        var decision = _analysis.Analyze(forwarder, forward.Destination, call.CallingFinal ?? call.CallingOriginal);
        _log.Forwarded(call.Id, why, dn.Dn, forward.Destination, decision.Result);
        lock (call.Gate)
        {
            call.Forwards.Add($"{why}: {dn.Dn} -> {forward.Destination}");
            call.Diversion = (dn.Dn, why switch
            {
                "Call Forward All" => "unconditional",
                "Call Forward Busy" => "user-busy",
                _ => "no-answer",
            }, call.Forwards.Count);
            call.Pattern = decision.Match?.Pattern.Text;
            call.Partition = decision.Match?.Partition?.Name;
            call.CalledFinal = decision.CalledNumber;
        }
        return ResolveTargets(call, decision, hops + 1);
    }

    /// <summary>The caller's line: the device line whose DN the From header names, else its first line.</summary>
    private Caller CallerOfDevice(Call call, string device, SipRequest request)
    {
        if (!_plan.Devices.TryGetValue(device, out var d) || d.Lines.Count == 0) return _plan.CallerFromDevice(device);
        int index = LineIndex(device, request.From?.Uri.UserUnescaped ?? "");
        call.CallingLine = d.Lines[index].DirectoryNumber.Dn;
        return _plan.CallerFromDevice(device, index);
    }

    private int LineIndex(string device, string dn)
    {
        if (!_plan.Devices.TryGetValue(device, out var d)) return 0;
        for (int i = 0; i < d.Lines.Count; i++)
            if (d.Lines[i].DirectoryNumber.Dn == dn) return i;
        return 0;
    }

    private List<CallTarget> DirectoryNumberTargets(RoutingDecision decision)
    {
        var targets = new List<CallTarget>();
        foreach (var device in decision.DirectoryNumber!.Devices)
            foreach (var binding in _registrar.BindingsOfDevice(device))
                if (SipUri.TryParse(binding.Uri, out var uri))
                    targets.Add(new CallTarget($"{device} {binding.Uri}", uri, binding.Source, decision.CalledNumber, decision.CallingNumber, null, device));
        return targets;
    }

    private List<CallTarget> RouteTargets(RoutingDecision decision)
    {
        var targets = new List<CallTarget>();
        foreach (var member in decision.Members)
        {
            var trunk = _trunks.Get(member.Trunk);
            if (trunk is null) continue;
            if (Monitor is { } monitor && !monitor.IsInService(trunk.Name))
            {
                _log.TrunkSkipped(trunk.Name);
                continue;
            }
            var dest = trunk.Destination;
            var uri = SipUri.Sip(member.CalledNumber, dest.Address.Address.ToString(), dest.Address.Port);
            if (dest.Transport == SipTransportKind.Tcp) uri.Parameters.Set("transport", "tcp");
            // The trunk's DID stands in when the trunk wants it always, or when the call has no calling number to present.
            var calling = trunk.Did is { } did && (trunk.PresentDid || string.IsNullOrEmpty(member.CallingNumber)) ? did : member.CallingNumber;
            targets.Add(new CallTarget(member.Trunk, uri, dest, member.CalledNumber, calling, member.Trunk));
        }
        return targets;
    }
}
