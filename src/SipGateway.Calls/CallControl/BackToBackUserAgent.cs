using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using SipGateway.Calls.Registration;
using SipGateway.Media.Relay;
using SipGateway.Media.Transport;
using SipGateway.Routing;
using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Message;
using SipGateway.Sip.Sdp;
using SipGateway.Sip.Timing;
using SipGateway.Sip.Transactions;
using SipGateway.Sip.Transport;
using SipGateway.Storage;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// The B2BUA: routes an identified caller's INVITE with digit analysis, places the outbound legs (forking to every
/// registered contact of a directory number, or route members in order with UCM failover), anchors media between two
/// RTP legs, and carries answer, CANCEL and BYE across. Each call ends with one CDR.
/// </summary>
public sealed class BackToBackUserAgent
{
    private static readonly SdpCodec[] LocalCodecs = [SdpCodec.Pcmu, SdpCodec.Pcma, SdpCodec.TelephoneEvent];

    private readonly DialogRouter _router;
    private readonly SipTransactionLayer _layer;
    private readonly Registrar _registrar;
    private readonly DialPlan _plan;
    private readonly DigitAnalysis _analysis;
    private readonly TrunkDirectory _trunks;
    private readonly RtpPortAllocator _ports;
    private readonly CallControlOptions _options;
    private readonly CdrStore? _cdrs;
    private readonly ITimerScheduler _timers;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<string, Call> _calls = new();
    private long _sdpSession = DateTime.UtcNow.Ticks / 10_000;

    public BackToBackUserAgent(DialogRouter router, SipTransactionLayer layer, Registrar registrar, DialPlan plan, TrunkDirectory trunks,
        RtpPortAllocator ports, CallControlOptions options, CdrStore? cdrs, ITimerScheduler timers, ILogger<BackToBackUserAgent> logger)
    {
        _router = router;
        _layer = layer;
        _registrar = registrar;
        _plan = plan;
        _analysis = new DigitAnalysis(plan, new CircularDistributionCounter());
        _trunks = trunks;
        _ports = ports;
        _options = options;
        _cdrs = cdrs;
        _timers = timers;
        _log = logger;
    }

    public TrunkDirectory Trunks => _trunks;

    /// <summary>When set, route members whose trunk is out of service (OPTIONS keepalive) are skipped.</summary>
    public TrunkMonitor? Monitor { get; set; }

    public int ActiveCalls => _calls.Count;

    // ---------------------------------------------------------------- inbound INVITE

    /// <summary>A new INVITE from an identified caller (an authenticated device or a recognised trunk).</summary>
    public void OnInvite(ServerTransaction tx, CallerIdentity caller)
    {
        var request = tx.Request;
        var called = request.RequestUri?.UserUnescaped ?? "";
        var callingOriginal = caller.Device is not null ? null : request.From?.Uri.UserUnescaped;
        var call = new Call(request.CallId ?? SipTags.New(), caller, tx, called, callingOriginal, DateTimeOffset.UtcNow);

        SdpSessionDescription? offer = null;
        if (!request.Body.IsEmpty)
        {
            if (!SdpSessionDescription.TryParse(request.BodyText, out offer, out var sdpError))
            {
                Reject(call, 488, $"Not Acceptable Here (bad SDP: {sdpError})");
                return;
            }
            var usable = offer.FirstAudio?.Codecs().Where(c => LocalCodecs.Any(l => l.SameFormat(c))).ToList() ?? [];
            if (!usable.Any(c => !c.IsTelephoneEvent))
            {
                var failure = SdpAnswerer.Answer(offer, new SdpLocalMedia(_options.MediaAddress, 0, LocalCodecs), 1, 1).Failure;
                Reject(call, 488, $"Not Acceptable Here ({failure})");
                return;
            }
        }
        call.CallerOffer = offer;

        var analysisCaller = caller.Device is not null ? _plan.CallerFromDevice(caller.Device) : _plan.CallerFromTrunk(caller.Trunk!.Name);
        var decision = _analysis.Analyze(analysisCaller, called, callingOriginal);
        call.Pattern = decision.Match?.Pattern.Text;
        call.Partition = decision.Match?.Partition?.Name;
        call.CalledFinal = decision.CalledNumber;
        call.CallingFinal = decision.CallingNumber;
        _log.LogInformation("Call {CallId} from {Caller}: {Called} -> {Result} {Pattern}", call.Id, caller, called, decision.Result, call.Pattern);

        switch (decision.Result)
        {
            case RoutingResult.Block:
                Reject(call, 403, $"Forbidden ({decision.BlockReason ?? "blocked by the dial plan"})");
                return;
            case RoutingResult.Unallocated:
                Reject(call, 404, "Not Found (unallocated number)");
                return;
            case RoutingResult.Error:
                Reject(call, 500, $"Server Internal Error ({decision.Error})");
                return;
            case RoutingResult.DirectoryNumber:
                call.Targets = DirectoryNumberTargets(decision);
                call.Sequential = false;
                if (call.Targets.Count == 0)
                {
                    Reject(call, 480, "Temporarily Unavailable (not registered)");
                    return;
                }
                break;
            case RoutingResult.Route:
                call.Targets = RouteTargets(decision);
                call.Sequential = true;
                call.Failover = decision.Failover;
                if (call.Targets.Count == 0)
                {
                    Reject(call, 503, "Service Unavailable (no route group member is available)");
                    return;
                }
                break;
        }

        RtpLeg inboundMedia;
        try
        {
            inboundMedia = new RtpLeg(_ports.Allocate());
        }
        catch (InvalidOperationException ex)
        {
            Reject(call, 503, "Service Unavailable (no RTP ports left)");
            _log.LogWarning("Call {CallId}: {Error}", call.Id, ex.Message);
            return;
        }
        var inbound = new CallLeg(call, inbound: true, inboundMedia) { RemoteSdp = offer, Peer = tx.Remote.ToString() };
        inbound.Dialog = _router.CreateUasDialog(tx, LocalContact(tx.Remote.Transport));
        inbound.Dialog.UserState = inbound;
        if (offer is not null) inbound.Media.SetRemote(MediaEndPoint(offer));
        call.Inbound = inbound;
        _calls[call.Id] = call;
        tx.Cancelled += _ => OnCallerCancelled(call);

        if (call.Sequential) TryNextMember(call);
        else foreach (var target in call.Targets) StartAttempt(call, target);
    }

    private List<CallTarget> DirectoryNumberTargets(RoutingDecision decision)
    {
        var targets = new List<CallTarget>();
        foreach (var device in decision.DirectoryNumber!.Devices)
            foreach (var binding in _registrar.BindingsOfDevice(device))
                if (SipUri.TryParse(binding.Uri, out var uri))
                    targets.Add(new CallTarget($"{device} {binding.Uri}", uri, binding.Source, decision.CalledNumber, decision.CallingNumber, null));
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
                _log.LogInformation("Skipping {Trunk}: out of service", trunk.Name);
                continue;
            }
            var dest = trunk.Destination;
            var uri = SipUri.Sip(member.CalledNumber, dest.Address.Address.ToString(), dest.Address.Port);
            if (dest.Transport == SipTransportKind.Tcp) uri.Parameters.Set("transport", "tcp");
            targets.Add(new CallTarget(member.Trunk, uri, dest, member.CalledNumber, member.CallingNumber, member.Trunk));
        }
        return targets;
    }

    // ---------------------------------------------------------------- outbound attempts

    private void TryNextMember(Call call)
    {
        CallTarget? target;
        lock (call.Gate)
        {
            if (call.State is CallState.Answered or CallState.Ended) return;
            target = call.NextTarget < call.Targets.Count ? call.Targets[call.NextTarget++] : null;
        }
        if (target is null)
        {
            var (code, reason) = call.BestFailure ?? (503, "Service Unavailable (every route member failed)");
            FailCall(call, code, reason);
            return;
        }
        StartAttempt(call, target);
    }

    private void StartAttempt(Call call, CallTarget target)
    {
        RtpLeg media;
        lock (call.Gate)
        {
            if (call.State is CallState.Answered or CallState.Ended) return;
            // Every attempt (fork or route member) offers the same outbound RTP leg: only one of them will be answered.
            call.Outbound ??= new CallLeg(call, inbound: false, new RtpLeg(_ports.Allocate()));
            media = call.Outbound.Media;
        }
        var offerCodecs = call.CallerOffer?.FirstAudio?.Codecs().Where(c => LocalCodecs.Any(l => l.SameFormat(c))).ToList() is { Count: > 0 } fromCaller
            ? fromCaller
            : LocalCodecs.ToList();
        var offer = SdpAnswerer.Offer(new SdpLocalMedia(_options.MediaAddress, media.LocalPort, offerCodecs), NextSdpSession(), 1);
        call.Outbound.LocalSdp = offer;
        var invite = OutboundInvite.Build(target, call.InboundInvite.Request, _options, _layer.Sender.LocalEndPoint(target.Destination.Transport), offer);
        var tx = _router.SendRequest(invite, target.Destination);
        var attempt = new OutboundAttempt(target, tx);
        lock (call.Gate) call.Attempts.Add(attempt);
        _log.LogInformation("Call {CallId}: INVITE {Target} via {Destination}", call.Id, target.Label, target.Destination);

        if (call.Sequential)
            attempt.SetupTimer = _timers.Schedule(_options.MemberSetupTimeout, () => OnMemberSilent(call, attempt));
        attempt.NoAnswerTimer = _timers.Schedule(_options.NoAnswerTimeout, () => OnNoAnswer(call, attempt));
        tx.ProvisionalReceived += (_, r) => OnProvisional(call, attempt, r);
        tx.FinalResponseReceived += (_, r) => OnFinal(call, attempt, r);
    }

    private void OnMemberSilent(Call call, OutboundAttempt attempt)
    {
        lock (call.Gate)
        {
            if (attempt.HeardFrom || attempt.Abandoned || call.State is CallState.Answered or CallState.Ended) return;
            attempt.Abandoned = true;
            call.BestFailure = (408, "Request Timeout (route member did not respond)");
        }
        _log.LogInformation("Call {CallId}: {Target} silent for {Timeout}, trying the next member", call.Id, attempt.Target.Label, _options.MemberSetupTimeout);
        TryNextMember(call);
    }

    private void OnNoAnswer(Call call, OutboundAttempt attempt)
    {
        lock (call.Gate)
        {
            if (attempt.Abandoned || call.State is CallState.Answered or CallState.Ended) return;
        }
        _layer.Cancel((InviteClientTransaction)attempt.Transaction, "no answer");
    }

    private void OnProvisional(Call call, OutboundAttempt attempt, SipResponse response)
    {
        bool relay;
        lock (call.Gate)
        {
            attempt.HeardFrom = true;
            attempt.SetupTimer?.Cancel();
            relay = !attempt.Abandoned && response.StatusCode is 180 or 183 && call.State == CallState.Routing;
            if (relay) call.State = CallState.Ringing;
        }
        if (attempt.Abandoned) { _layer.Cancel((InviteClientTransaction)attempt.Transaction, "abandoned"); return; }
        if (relay && call.Inbound?.Dialog is { } dialog)
            call.InboundInvite.SendResponse(_router.CreateResponse(dialog, call.InboundInvite, 180));
    }

    private void OnFinal(Call call, OutboundAttempt attempt, SipResponse response)
    {
        _log.LogDebug("Call {CallId}: {Status} from {Target}", call.Id, response.StatusCode, attempt.Target.Label);
        attempt.SetupTimer?.Cancel();
        attempt.NoAnswerTimer?.Cancel();
        if (response.IsSuccess)
        {
            OnAnswered(call, attempt, response);
            return;
        }
        bool next;
        lock (call.Gate)
        {
            attempt.HeardFrom = true;
            if (attempt.Abandoned || call.State is CallState.Answered or CallState.Ended) return;
            call.BestFailure = Better(call.BestFailure, (response.StatusCode, response.ReasonPhrase));
            next = call.Sequential
                ? call.Failover?.ShouldTryNextMember(response.StatusCode, mediaNegotiationStarted: false) ?? true
                : false;
            if (!call.Sequential && call.Attempts.Any(a => !a.Abandoned && a.Transaction.LastResponse is not { IsFinal: true })) return;
        }
        _log.LogInformation("Call {CallId}: {Target} answered {Status}", call.Id, attempt.Target.Label, response.StatusCode);
        if (next) TryNextMember(call);
        else FailCall(call, call.BestFailure!.Value.Code, call.BestFailure.Value.Reason);
    }

    /// <summary>Busy beats everything else when telling the caller why forks failed (§16.7 response selection, simplified).</summary>
    private static (int, string) Better((int Code, string Reason)? current, (int Code, string Reason) candidate) =>
        current is null ? candidate
        : candidate.Code is 486 or 600 ? candidate
        : current.Value.Code is 486 or 600 ? current.Value
        : candidate.Code < 500 || current.Value.Code == 408 ? candidate : current.Value;

    private void OnAnswered(Call call, OutboundAttempt attempt, SipResponse response)
    {
        var id = DialogId.ForResponse(response);
        Dialog? dialog = id is { } d && _router.TryGetDialog(d, out var found) ? found : null;
        List<OutboundAttempt> losers;
        lock (call.Gate)
        {
            if (call.State is CallState.Answered or CallState.Ended || dialog is null)
            {
                _log.LogInformation("Call {CallId}: extra or late 2xx from {Target} (dialog {Found}); hanging it up", call.Id, attempt.Target.Label, dialog is not null);
                // A second answer (another fork) or a call already gone: ACK it and hang it up (§13.2.2.4).
                if (dialog is not null && response.CSeq is { } c)
                {
                    _router.SendAck(dialog, c.Number);
                    _router.SendRequest(dialog, dialog.CreateRequest(SipMethods.Bye));
                }
                return;
            }
            call.State = CallState.Answered;
            call.AnswerUtc = DateTimeOffset.UtcNow;
            call.RouteMember = attempt.Target.Trunk ?? attempt.Target.Label;
            call.Outbound!.Dialog = dialog;
            call.Outbound.Peer = attempt.Target.Destination.ToString();
            dialog.UserState = call.Outbound;
            losers = call.Attempts.Where(a => a != attempt && !a.Abandoned).ToList();
            foreach (var l in losers) l.Abandoned = true;
        }
        foreach (var l in losers) _layer.Cancel((InviteClientTransaction)l.Transaction, "answered elsewhere");

        SdpSessionDescription? answer = null;
        if (!response.Body.IsEmpty && SdpSessionDescription.TryParse(response.BodyText, out var parsed, out _)) answer = parsed;
        _router.SendAck(dialog, response.CSeq!.Value.Number);
        var codec = answer?.FirstAudio?.Codecs().FirstOrDefault(c => !c.IsTelephoneEvent);
        if (answer is null || codec is null)
        {
            _log.LogWarning("Call {CallId}: the answer from {Target} has no usable SDP", call.Id, attempt.Target.Label);
            Hangup(call, call.Outbound!, 488, "Not Acceptable Here (callee answered without usable SDP)");
            return;
        }
        call.Outbound!.RemoteSdp = answer;
        call.Outbound.Media.SetRemote(MediaEndPoint(answer));
        call.Codec = codec;
        call.TelephoneEvent = answer.FirstAudio!.Codecs().FirstOrDefault(c => c.IsTelephoneEvent);
        AnswerCaller(call, codec);
    }

    private void AnswerCaller(Call call, SdpCodec codec)
    {
        var inbound = call.Inbound!;
        if (call.CallerOffer is { } offer)
        {
            // Only the codec the callee chose: both legs then carry the same payload and the relay needs no transcoding.
            var result = SdpAnswerer.Answer(offer, new SdpLocalMedia(_options.MediaAddress, inbound.Media.LocalPort,
                [codec, SdpCodec.TelephoneEvent]), NextSdpSession(), 1);
            if (!result.Succeeded)
            {
                Hangup(call, inbound, 488, $"Not Acceptable Here ({result.Failure})");
                return;
            }
            inbound.LocalSdp = result.Answer;
        }
        else
        {
            // Delayed offer (CUCM's default): our offer goes in the 200, the caller's answer comes in the ACK.
            inbound.LocalSdp = SdpAnswerer.Offer(new SdpLocalMedia(_options.MediaAddress, inbound.Media.LocalPort,
                [codec, SdpCodec.TelephoneEvent]), NextSdpSession(), 1);
        }
        var ok = _router.CreateResponse(inbound.Dialog!, call.InboundInvite, 200);
        ok.SetBody("application/sdp", inbound.LocalSdp!.ToString());
        if (!call.InboundInvite.SendResponse(ok))
        {
            // The caller cancelled while the callee answered (§9.1 race): hang up the answered leg.
            Hangup(call, inbound, 487, "Request Terminated");
            return;
        }
        StartRelay(call);
    }

    private void StartRelay(Call call)
    {
        lock (call.Gate)
        {
            if (call.Relay is not null || call.State != CallState.Answered || call.Inbound!.Media.Remote is null) return;
            call.Relay = new RtpRelay(call.Inbound.Media, call.Outbound!.Media);
        }
        call.Relay.Start();
        _log.LogInformation("Call {CallId}: connected, media {A} <-> {B} ({Codec})", call.Id, call.Inbound!.Media.LocalPort,
            call.Outbound!.Media.LocalPort, call.Codec?.Name);
    }

    // ---------------------------------------------------------------- in-dialog

    /// <summary>An ACK for our 2xx (it carries the caller's answer when the INVITE had no offer).</summary>
    public void OnAck(Dialog dialog, SipRequest ack)
    {
        if (dialog.UserState is not CallLeg { IsInbound: true } leg) return;
        if (!ack.Body.IsEmpty && SdpSessionDescription.TryParse(ack.BodyText, out var answer, out _))
        {
            leg.RemoteSdp = answer;
            leg.Media.SetRemote(MediaEndPoint(answer));
        }
        StartRelay(leg.Call);
    }

    /// <summary>A request inside one of our dialogs. False when the dialog is not a call leg.</summary>
    public bool OnInDialogRequest(ServerTransaction tx, Dialog dialog)
    {
        if (dialog.UserState is not CallLeg leg) return false;
        switch (tx.Request.Method)
        {
            case SipMethods.Bye:
                // Hang up first: answering the BYE ends the dialog, which must not be taken for the cause.
                Hangup(leg.Call, leg, 200, "Normal call clearing (BYE from " + (leg.IsInbound ? "caller" : "callee") + ")");
                tx.SendResponse(tx.CreateResponse(200));
                return true;
            case SipMethods.Invite or SipMethods.Update:
                // A refresh (session timer or target refresh): answer with what we already negotiated, a new version.
                var r = _router.CreateResponse(dialog, tx, 200);
                if (leg.LocalSdp is { } sdp)
                {
                    sdp.SessionVersion++;
                    r.SetBody("application/sdp", sdp.ToString());
                }
                tx.SendResponse(r);
                return true;
            case SipMethods.Info or SipMethods.Options:
                tx.SendResponse(tx.CreateResponse(200));
                return true;
            default:
                return false;
        }
    }

    public void OnDialogTerminated(Dialog dialog)
    {
        if (dialog.UserState is CallLeg leg && leg.Call.State == CallState.Answered)
            Hangup(leg.Call, leg, 408, "Request Timeout (dialog ended)");
    }

    public void OnAckTimeout(Dialog dialog)
    {
        if (dialog.UserState is CallLeg leg) Hangup(leg.Call, leg, 408, "Request Timeout (no ACK for the 200)");
    }

    // ---------------------------------------------------------------- ending

    private void OnCallerCancelled(Call call)
    {
        List<OutboundAttempt> pending;
        lock (call.Gate)
        {
            if (call.State is CallState.Answered or CallState.Ended) return;
            pending = call.Attempts.Where(a => !a.Abandoned).ToList();
            foreach (var a in pending) a.Abandoned = true;
        }
        foreach (var a in pending) _layer.Cancel((InviteClientTransaction)a.Transaction, "caller cancelled");
        End(call, 487, "Request Terminated (caller cancelled)");
    }

    // The call is ended (cause recorded) before the final response goes out: sending it ends the early dialog, and
    // that must not be mistaken for the cause.
    private void Reject(Call call, int code, string reason)
    {
        End(call, code, reason);
        call.InboundInvite.SendResponse(call.InboundInvite.CreateResponse(code, reason));
    }

    private void FailCall(Call call, int code, string reason)
    {
        lock (call.Gate) if (call.State is CallState.Answered or CallState.Ended) return;
        End(call, code, reason);
        if (call.Inbound?.Dialog is { } dialog)
            call.InboundInvite.SendResponse(_router.CreateResponse(dialog, call.InboundInvite, code, reason));
        else
            call.InboundInvite.SendResponse(call.InboundInvite.CreateResponse(code, reason));
    }

    /// <summary>Ends an answered call from one side: BYE to the other side (with a Reason, RFC 3326), CDR, media released.</summary>
    private void Hangup(Call call, CallLeg from, int code, string reason)
    {
        // Marked ended first: sending BYE ends dialogs, and those ends must not be taken for the cause.
        if (!MarkEnded(call, code, reason)) return;
        var other = from.IsInbound ? call.Outbound : call.Inbound;
        foreach (var leg in new[] { other, code != 200 ? from : null })
        {
            if (leg?.Dialog is not { State: DialogState.Confirmed } d) continue;
            var bye = d.CreateRequest(SipMethods.Bye);
            bye.Headers.Add("Reason", $"SIP;cause={code};text=\"{reason.Replace("\"", "'")}\"");
            _router.SendRequest(d, bye);
        }
        Release(call);
    }

    private void End(Call call, int code, string reason)
    {
        if (MarkEnded(call, code, reason)) Release(call);
    }

    private static bool MarkEnded(Call call, int code, string reason)
    {
        lock (call.Gate)
        {
            if (call.State == CallState.Ended) return false;
            call.State = CallState.Ended;
            call.EndUtc = DateTimeOffset.UtcNow;
            call.CauseCode = code;
            call.CauseText = reason;
            return true;
        }
    }

    private void Release(Call call)
    {
        _calls.TryRemove(call.Id, out _);
        if (call.Relay is { } relay) relay.Dispose();
        else
        {
            call.Inbound?.Media.Dispose();
            call.Outbound?.Media.Dispose();
        }
        WriteCdr(call);
    }

    private void WriteCdr(Call call)
    {
        if (_cdrs is null) return;
        var cdr = new CallDetailRecord
        {
            CallId = call.Id, CallingOriginal = call.CallingOriginal ?? call.Caller.Device, CallingFinal = call.CallingFinal,
            CalledOriginal = call.CalledOriginal, CalledFinal = call.CalledFinal, Pattern = call.Pattern, Partition = call.Partition,
            RouteMember = call.RouteMember, InboundLeg = call.Inbound?.Peer ?? call.InboundInvite.Remote.ToString(), OutboundLeg = call.Outbound?.Peer,
            StartUtc = call.StartUtc, AnswerUtc = call.AnswerUtc, EndUtc = call.EndUtc ?? DateTimeOffset.UtcNow,
            CauseCode = call.CauseCode, CauseText = call.CauseText,
        };
        // SQLite I/O stays off the SIP threads.
        _ = Task.Run(() =>
        {
            try { _cdrs.Add(cdr); }
            catch (Exception ex) { _log.LogError(ex, "Could not write the CDR of call {CallId}", cdr.CallId); }
        });
    }

    // ---------------------------------------------------------------- views and helpers

    public IReadOnlyList<ActiveCallView> Snapshot() => _calls.Values.Select(c => new ActiveCallView(
        c.Id, c.State.ToString(), c.Caller.ToString(), c.CallingFinal ?? c.CallingOriginal, c.CalledOriginal, c.CalledFinal, c.RouteMember,
        c.StartUtc, c.AnswerUtc,
        new[] { c.Inbound, c.Outbound }.Where(l => l is not null).Select(l => new ActiveLegView(
            l!.IsInbound ? "inbound" : "outbound", l.Peer, l.Dialog?.CallId, c.Codec?.Name, l.Media.LocalPort, l.Media.Remote?.ToString(),
            l.Media.PacketsReceived, l.Media.PacketsSent)).ToList())).ToList();

    private SipUri LocalContact(SipTransportKind transport)
    {
        var local = _layer.Sender.LocalEndPoint(transport).Address;
        var uri = SipUri.Sip("gw", local.Address.ToString(), local.Port);
        if (transport == SipTransportKind.Tcp) uri.Parameters.Set("transport", "tcp");
        return uri;
    }

    private static IPEndPoint MediaEndPoint(SdpSessionDescription sdp)
    {
        var audio = sdp.FirstAudio ?? sdp.Media.First();
        var address = sdp.ConnectionFor(audio)?.Address ?? "0.0.0.0";
        return new IPEndPoint(IPAddress.TryParse(address, out var ip) ? ip : IPAddress.Any, audio.Port);
    }

    private ulong NextSdpSession() => (ulong)Interlocked.Increment(ref _sdpSession);
}
