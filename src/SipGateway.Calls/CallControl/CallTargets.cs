using Microsoft.Extensions.Logging;
using SipGateway.Calls.Lines;
using SipGateway.Calls.Registration;
using SipGateway.Routing;
using SipGateway.Sip.Message;
using SipGateway.Sip.Transport;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// Where a routing decision goes: a directory number's registered contacts and the targets sources add for its
/// devices (after the called line's rules: Do Not Disturb, Call Forward All/Busy/No Answer, busy trigger), or a route
/// pattern's members as trunk destinations (out-of-service trunks skipped). Block and error decisions reject the call.
/// </summary>
/// <param name="analysis">The digit analysis in force now (the dial plan may be replaced while calls run).</param>
internal sealed class CallTargets(Registrar registrar, TrunkDirectory trunks, LineDirectory lines, CallTeardown teardown,
    Func<DigitAnalysis> analysis, ILogger log)
{
    /// <summary>UCM's limit on forward hops: a chain of forwards longer than this is a loop.</summary>
    internal const int MaxForwardHops = 12;

    private readonly object _sourcesGate = new();
    /// <summary>Replaced whole on registration: calls read it without a lock.</summary>
    private volatile ICallTargetSource[] _sources = [];

    /// <summary>When set, route members whose trunk is out of service (OPTIONS keepalive) are skipped.</summary>
    public TrunkMonitor? Monitor { get; set; }

    /// <summary>Adds a target source after those already registered (consulted when a call to a DN is resolved).</summary>
    public void AddSource(ICallTargetSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        lock (_sourcesGate) _sources = [.. _sources, source];
    }

    /// <summary>
    /// Turns a routing decision into the call's targets, applying the called line's rules (DND, Call Forward All, busy
    /// trigger with Call Forward Busy). False when the call was rejected (the caller already has its final response).
    /// </summary>
    public bool Resolve(Call call, RoutingDecision decision, int forwardHops)
    {
        switch (decision.Result)
        {
            case RoutingResult.Block:
                teardown.Reject(call, 403, $"Forbidden ({decision.BlockReason ?? "blocked by the dial plan"})");
                return false;
            case RoutingResult.Unallocated:
                teardown.Reject(call, 404, "Not Found (unallocated number)");
                return false;
            case RoutingResult.Error:
                teardown.Reject(call, 500, $"Server Internal Error ({decision.Error})");
                return false;
            case RoutingResult.DirectoryNumber:
                return ResolveDirectoryNumber(call, decision, forwardHops);
            case RoutingResult.Route:
                call.Targets = RouteTargets(decision);
                call.Sequential = true;
                call.Failover = decision.Failover;
                if (call.Targets.Count == 0)
                {
                    teardown.Reject(call, 503, "Service Unavailable (no route group member is available)");
                    return false;
                }
                return true;
            default:
                teardown.Reject(call, 500, $"Server Internal Error (unexpected routing result {decision.Result})");
                return false;
        }
    }

    private bool ResolveDirectoryNumber(Call call, RoutingDecision decision, int forwardHops)
    {
        var called = decision.DirectoryNumber!;
        var dn = called.Dn;
        var rules = lines.Get(dn);
        if (rules?.ForwardAll is { } cfa)
            return Forward(call, called, cfa, "Call Forward All", forwardHops);
        if (rules is { DoNotDisturb: true, DoNotDisturbOption: DoNotDisturbOption.CallReject })
        {
            teardown.Reject(call, 486, $"Busy Here (line {dn}: Do Not Disturb)");
            return false;
        }
        if (rules is not null)
        {
            if (!lines.TryOccupy(dn, rules.BusyTrigger))
            {
                if (rules.ForwardBusy is { } cfb) return Forward(call, called, cfb, "Call Forward Busy", forwardHops);
                teardown.Reject(call, 486, $"Busy Here (line {dn} is at its busy trigger of {rules.BusyTrigger} calls)");
                return false;
            }
            lock (call.Gate) call.OccupiedLines.Add(dn);
        }
        call.CalledLine = rules;
        call.CalledDirectoryNumber = called;
        // Only a call dialled to the line (not forwarded or redirected to it) may be taken without ringing.
        if (forwardHops == 0 && SourceAnswer(call, called) is { } local)
        {
            call.AnswerWithoutRinging = local;
            call.Targets = [];
            call.Sequential = false;
            return true;
        }
        var dnTargets = DirectoryNumberTargets(decision);
        var servingEvery = AddSourceTargets(call, called, dnTargets);
        call.Targets = dnTargets;
        call.Sequential = false;
        if (call.Targets.Count == 0 && servingEvery is not null)
        {
            var nothing = servingEvery.WhenNothingRings(called);
            if (rules?.ForwardNoAnswer is { } cfna) return Forward(call, called, cfna, nothing.ForwardReason, forwardHops);
            teardown.Reject(call, 486, nothing.BusyReason);
            return false;
        }
        if (call.Targets.Count == 0)
        {
            // UCM's Call Forward Unregistered is approximated by Call Forward No Answer: nobody can answer.
            if (rules?.ForwardNoAnswer is { } cfur) return Forward(call, called, cfur, "Call Forward No Answer (not registered)", forwardHops);
            teardown.Reject(call, 480, "Temporarily Unavailable (not registered)");
            return false;
        }
        return true;
    }

    /// <summary>
    /// Forwards a call for a line to the forward destination, analysed with the forward CSS (or, without one, the
    /// forwarding line's own CSS). The calling number stays the original caller's, as UCM presents it.
    /// </summary>
    public bool Forward(Call call, DirectoryNumber dn, CallForward forward, string why, int hops)
    {
        if (hops >= MaxForwardHops)
        {
            teardown.Reject(call, 482, $"Loop Detected (more than {MaxForwardHops} call forward hops, last at line {dn.Dn})");
            return false;
        }
        var current = analysis();
        var plan = current.Plan;
        var device = dn.Devices.Count > 0 ? dn.Devices[0] : null;
        Caller forwarder;
        try
        {
            forwarder = forward.Css is not null || device is null
                ? plan.CallerWithCss(forward.Css, device)
                : plan.CallerFromDevice(device, LineIndex(plan, device, dn.Dn));
        }
        catch (KeyNotFoundException ex)
        {
            teardown.Reject(call, 500, $"Server Internal Error ({why} of line {dn.Dn}: {ex.Message})");
            return false;
        }
        var decision = current.Analyze(forwarder, forward.Destination, call.CallingFinal ?? call.CallingOriginal);
        log.Forwarded(call.Id, why, dn.Dn, forward.Destination, decision.Result);
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
        return Resolve(call, decision, hops + 1);
    }

    /// <summary>The index of <paramref name="device"/>'s line with DN <paramref name="dn"/>, else its first line.</summary>
    public static int LineIndex(DialPlan plan, string device, string dn)
    {
        if (!plan.Devices.TryGetValue(device, out var d)) return 0;
        for (int i = 0; i < d.Lines.Count; i++)
            if (d.Lines[i].DirectoryNumber.Dn == dn) return i;
        return 0;
    }

    public List<CallTarget> DirectoryNumberTargets(RoutingDecision decision)
    {
        var targets = new List<CallTarget>();
        foreach (var device in decision.DirectoryNumber!.Devices)
            foreach (var binding in registrar.BindingsOfDevice(device))
                if (SipUri.TryParse(binding.Uri, out var uri))
                    targets.Add(new CallTarget($"{device} {binding.Uri}", uri, binding.Source, decision.CalledNumber, decision.CallingNumber, null, device));
        return targets;
    }

    public List<CallTarget> RouteTargets(RoutingDecision decision)
    {
        var targets = new List<CallTarget>();
        foreach (var member in decision.Members)
        {
            var trunk = trunks.Get(member.Trunk);
            if (trunk is null) continue;
            if (Monitor is { } monitor && !monitor.IsInService(trunk.Name))
            {
                log.TrunkSkipped(trunk.Name);
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

    /// <summary>The first target source whose device takes the call without ringing; null when none does.</summary>
    private LocalAnswer? SourceAnswer(Call call, DirectoryNumber dn)
    {
        foreach (var source in _sources)
            if (source.AnswerWithoutRinging(call, dn) is { } answer) return answer;
        return null;
    }

    /// <summary>Lets each target source add targets for the DN's devices; the first that serves every device, or null.</summary>
    private ICallTargetSource? AddSourceTargets(Call call, DirectoryNumber dn, List<CallTarget> targets)
    {
        ICallTargetSource? every = null;
        foreach (var source in _sources)
            if (source.AddTargets(call, dn, targets) == TargetCoverage.Every) every ??= source;
        return every;
    }
}
