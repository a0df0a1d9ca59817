using Microsoft.Extensions.Logging;
using SipGateway.Calls.Lines;
using SipGateway.Routing;
using SipGateway.Sip.Message;
using SipGateway.Sip.Sdp;
using SipGateway.Sip.Transactions;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// Sets up a call from an identified caller's INVITE: admission, the early offer check (RFC 3264 §6: a profile and a
/// codec the relay can use), session timer negotiation (RFC 4028), the caller's line for digit analysis and its
/// Maximum Number of Calls (UCM), digit analysis, the Offered event, the route handlers, the unallocated-number
/// announcement; then the caller's leg and the <see cref="TargetHunt"/>.
/// </summary>
/// <param name="analysis">The digit analysis in force now (the dial plan may be replaced while calls run).</param>
internal sealed class CallSetup(CallAdmission admission, SessionTimers sessionTimers, LineDirectory lines, Func<DigitAnalysis> analysis,
    CallEventSubscribers events, GeneratedAudio audio, MediaAnchor media, EarlyMedia earlyMedia, LocalAnswerer localAnswerer,
    CallTargets targets, TargetHunt hunt, CallTeardown teardown, CallControlOptions options, TimeProvider time, ILogger log)
{
    private readonly object _handlersGate = new();
    /// <summary>Replaced whole on registration: calls read it without a lock.</summary>
    private volatile ICallRouteHandler[] _routeHandlers = [];

    /// <summary>Adds a route handler after those already registered (the host registers them at start-up).</summary>
    public void AddRouteHandler(ICallRouteHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_handlersGate) _routeHandlers = [.. _routeHandlers, handler];
    }

    /// <summary>A new INVITE from an identified caller (an authenticated device or a recognised trunk).</summary>
    public void OnInvite(ServerTransaction tx, CallerIdentity caller)
    {
        if (!admission.Admit(tx)) return;
        var request = tx.Request;
        var called = request.RequestUri?.UserUnescaped ?? "";
        var callingOriginal = caller.Device is not null ? null : request.From?.Uri.UserUnescaped;
        var call = new Call(request.CallId ?? SipTags.New(), caller, tx, called, callingOriginal, time.GetUtcNow());
        // Whatever fails while the call is set up (here or in a route handler) ends it by the teardown rule.
        try { SetUp(call, tx, caller); }
        catch (Exception ex) { teardown.Abort(call, ex); }
    }

    private void SetUp(Call call, ServerTransaction tx, CallerIdentity caller)
    {
        var request = tx.Request;
        SdpSessionDescription? offer = null;
        if (!request.Body.IsEmpty && !TryTakeOffer(call, request, out offer)) return;
        call.CallerOffer = offer;
        if (!sessionTimers.TryNegotiate(tx, out var sessionTimer)) return;

        // One analysis for the whole setup: a dial plan replaced meanwhile applies to the next call.
        var current = analysis();
        var analysisCaller = caller.Device is not null ? CallerOfDevice(current.Plan, call, caller.Device, request) : current.Plan.CallerFromTrunk(caller.Trunk!.Name);
        if (call.CallingLine is { } line && lines.Get(line) is { } lineRules)
        {
            // UCM: a line already carrying its Maximum Number of Calls cannot place another.
            if (!lines.TryOccupy(line, lineRules.MaxCalls))
            {
                teardown.Reject(call, 403, $"Forbidden (line {line} already carries its maximum of {lineRules.MaxCalls} calls)");
                return;
            }
            call.OccupiedLines.Add(line);
        }
        var decision = current.Analyze(analysisCaller, call.CalledOriginal, call.CallingOriginal);
        call.Pattern = decision.Match?.Pattern.Text;
        call.Partition = decision.Match?.Partition?.Name;
        call.CalledFinal = decision.CalledNumber;
        call.CallingFinal = decision.CallingNumber;
        log.CallRouted(call.Id, caller, call.CalledOriginal, decision.Result, call.Pattern);
        events.Offered(call);
        if (TryRouteHandlers(call, decision, sessionTimer)) return;
        if (decision.Result == RoutingResult.Unallocated && audio.CanAnnounceUnallocated && offer is not null)
        {
            if (media.CreateInboundLeg(call, tx, offer, sessionTimer)) earlyMedia.AnnounceThenReject(call, 404, "Not Found (unallocated number)");
            return;
        }
        if (!targets.Resolve(call, decision, forwardHops: 0)) return;

        if (call.AnswerWithoutRinging is { } local) { localAnswerer.Answer(call, local, sessionTimer); return; }
        if (!media.CreateInboundLeg(call, tx, offer, sessionTimer)) return;
        hunt.Start(call);
    }

    /// <summary>The early offer check: false (the caller refused with 488) when the relay cannot use the offer.</summary>
    private bool TryTakeOffer(Call call, SipRequest request, out SdpSessionDescription? offer)
    {
        offer = null;
        if (!SdpSessionDescription.TryParse(request.BodyText, out var parsed, out var sdpError))
        {
            teardown.Reject(call, 488, $"Not Acceptable Here (bad SDP: {sdpError})");
            return false;
        }
        offer = parsed;
        // The profile first (an SRTP offer's codecs are fine, its transport is not), then the codecs.
        if (MediaProfile.Unsupported(offer) is { } unsupported)
        {
            teardown.Reject(call, 488, $"Not Acceptable Here ({unsupported})", new CallWarning(MediaProfile.IncompatibleTransportWarning, unsupported));
            return false;
        }
        if (CodecChoice.Audio(offer).Count == 0)
        {
            var failure = SdpAnswerer.Answer(offer, new SdpLocalMedia(options.MediaAddress, 0, CodecChoice.Local), 1, 1).Failure!;
            teardown.Reject(call, 488, $"Not Acceptable Here ({failure})", new CallWarning(MediaProfile.IncompatibleFormatWarning, failure));
            return false;
        }
        return true;
    }

    /// <summary>The caller's line: the device line whose DN the From header names, else its first line.</summary>
    private static Caller CallerOfDevice(DialPlan plan, Call call, string device, SipRequest request)
    {
        if (!plan.Devices.TryGetValue(device, out var d) || d.Lines.Count == 0) return plan.CallerFromDevice(device);
        int index = CallTargets.LineIndex(plan, device, request.From?.Uri.UserUnescaped ?? "");
        call.CallingLine = d.Lines[index].DirectoryNumber.Dn;
        return plan.CallerFromDevice(device, index);
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
                log.AnsweredForRouteHandler(call.Id, handler.GetType().Name, answer.RouteMember);
                localAnswerer.Answer(call, answer, sessionTimer);
                return true;
            }
            log.TakenByRouteHandler(call.Id, handler.GetType().Name, result.Code, result.Reason);
            teardown.Reject(call, result.Code, result.Reason!);
            return true;
        }
        return false;
    }
}
