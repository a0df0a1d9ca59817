using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using SipGateway.Calls.Lines;
using SipGateway.Calls.Registration;
using SipGateway.Media.Transport;
using SipGateway.Routing;
using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Message;
using SipGateway.Sip.Sdp;
using SipGateway.Sip.Timing;
using SipGateway.Sip.Transactions;
using SipGateway.Storage;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// The B2BUA: routes an identified caller's INVITE with digit analysis, places the outbound legs (forking to every
/// registered contact of a directory number, or route members in order with UCM failover), anchors media between two
/// RTP legs, and carries answer, CANCEL and BYE across. Each call ends with one CDR.
/// </summary>
public sealed partial class BackToBackUserAgent
{
    private static readonly IReadOnlyList<SdpCodec> LocalCodecs = CodecChoice.Local;

    private readonly DialogRouter _router;
    private readonly SipTransactionLayer _layer;
    private readonly Registrar _registrar;
    /// <summary>Digit analysis over the dial plan now in force; replaced whole by <see cref="ReplaceDialPlan"/>.</summary>
    private volatile DigitAnalysis _analysis;
    private DialPlan _plan => _analysis.Plan;
    private readonly CircularDistributionCounter _circular = new();
    private readonly TrunkDirectory _trunks;
    private readonly RtpPortAllocator _ports;
    private readonly CallControlOptions _options;
    private readonly ICdrStore? _cdrs;
    private readonly ITimerScheduler _timers;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<string, Call> _calls = new();
    private readonly LineDirectory _lines;
    private readonly Media.Pacing.PacedSender? _pacer;
    private readonly CallTeardown _teardown;
    private readonly CallEventSubscribers _events;
    private readonly SessionTimers _sessionTimers;
    private readonly GeneratedAudio _audio;
    private readonly DtmfInterworking _dtmf;
    private readonly CallAdmission _admission;
    private readonly LocalAnswerer _localAnswerer;
    private readonly MediaAnchor _media;
    private readonly EarlyMedia _earlyMedia;
    private readonly CallHold _hold;
    private readonly MidCallRequests _midCall;
    private readonly CallTransfer _transfer;

    public BackToBackUserAgent(DialogRouter router, SipTransactionLayer layer, Registrar registrar, DialPlan plan, TrunkDirectory trunks,
        RtpPortAllocator ports, CallControlOptions options, ICdrStore? cdrs, ITimerScheduler timers, TimeProvider time, ILogger<BackToBackUserAgent> logger, LineDirectory? lines = null,
        Media.Pacing.PacedSender? pacer = null)
    {
        _pacer = pacer;
        _lines = lines ?? new LineDirectory([]); // its own: ReplaceDialPlan changes the rules
        _router = router;
        _layer = layer;
        _registrar = registrar;
        _analysis = new DigitAnalysis(plan, _circular);
        _trunks = trunks;
        _ports = ports;
        _options = options;
        _cdrs = cdrs;
        _timers = timers;
        _time = time;
        _log = logger;
        _events = new CallEventSubscribers(logger);
        if (cdrs is not null) _events.Add(new CdrRecorder(cdrs, time, logger));
        Conferences = new Conferencing.ConferenceNumbers(options.MeetMeNumbers, pacer, logger);
        _teardown = new CallTeardown(router, layer, _calls, _lines, _events, options, time, logger, Conferences);
        _audio = new GeneratedAudio(pacer, options, logger);
        _dtmf = new DtmfInterworking(router, logger);
        _admission = new CallAdmission(_calls, options);
        _sessionTimers = new SessionTimers(router, timers, options, _teardown, logger);
        _media = new MediaAnchor(router, layer, ports, _calls, options, _teardown, _events, _sessionTimers, _dtmf, time, logger);
        _earlyMedia = new EarlyMedia(router, layer, options, _media, _audio, _teardown, _events, logger);
        _hold = new CallHold(_audio, _events, logger);
        _midCall = new MidCallRequests(router, options, _media, _sessionTimers, _hold);
        var handover = new TransferLegs(router, _dtmf);
        _transfer = new CallTransfer(router, _teardown, _events, handover, new BlindTransfer(this, router, layer, Legs, ports, options, _media,
            _sessionTimers, _events, handover, new ConferenceTransfer(Conferences, _teardown, handover), logger), logger);
        ThirdParty = new ThirdPartyCallControl(this, _calls, layer, _lines, _teardown, _hold, _dtmf, _events, logger);
        _localAnswerer = new LocalAnswerer(router, _teardown, _events, _sessionTimers, options, CreateInboundLeg, NextSdpSession, ApplyLegFormats, time);
    }

    public TrunkDirectory Trunks => _trunks;

    /// <summary>The meet-me numbers and their bridges: a route handler the host registers (first), and where blind
    /// transfers to a meet-me number go.</summary>
    public Conferencing.ConferenceNumbers Conferences { get; }

    /// <summary>Adds a consumer of call events after those already registered (the CDR recorder is the first).</summary>
    public void AddCallEvents(ICallEvents subscriber) => _events.Add(subscriber);

    /// <summary>When set, route members whose trunk is out of service (OPTIONS keepalive) are skipped.</summary>
    public TrunkMonitor? Monitor { get; set; }

    /// <summary>The target for a directory URI (user@host) through trunk <paramref name="trunkName"/>; null when the
    /// trunk is unknown or out of service.</summary>
    public CallTarget? UriTarget(string uri, string trunkName, string callingNumber) =>
        DirectoryUriTarget.For(_trunks, Monitor, uri, trunkName, callingNumber);

    public int ActiveCalls => _calls.Count;

    public int MaxCalls => _options.MaxCalls;

    /// <summary>New calls refused with 503 because <see cref="CallControlOptions.MaxCalls"/> calls were up.</summary>
    public long OverloadRejections => _admission.Rejections;

    public LineDirectory Lines => _lines;

    // ---------------------------------------------------------------- inbound INVITE

    /// <summary>A new INVITE from an identified caller (an authenticated device or a recognised trunk).</summary>
    public void OnInvite(ServerTransaction tx, CallerIdentity caller)
    {
        if (!_admission.Admit(tx)) return;
        var request = tx.Request;
        var called = request.RequestUri?.UserUnescaped ?? "";
        var callingOriginal = caller.Device is not null ? null : request.From?.Uri.UserUnescaped;
        var call = new Call(request.CallId ?? SipTags.New(), caller, tx, called, callingOriginal, _time.GetUtcNow());
        // Whatever fails while the call is set up (here or in a route handler) ends it by the teardown rule.
        try { SetUp(call, tx, caller); }
        catch (Exception ex) { _teardown.Abort(call, ex); }
    }

    private void SetUp(Call call, ServerTransaction tx, CallerIdentity caller)
    {
        var request = tx.Request;
        var called = call.CalledOriginal;
        var callingOriginal = call.CallingOriginal;
        SdpSessionDescription? offer = null;
        if (!request.Body.IsEmpty)
        {
            if (!SdpSessionDescription.TryParse(request.BodyText, out offer, out var sdpError))
            {
                _teardown.Reject(call, 488, $"Not Acceptable Here (bad SDP: {sdpError})");
                return;
            }
            // The early offer check: the profile first (an SRTP offer's codecs are fine, its transport is not), then the codecs.
            if (MediaProfile.Unsupported(offer) is { } unsupported)
            {
                _teardown.Reject(call, 488, $"Not Acceptable Here ({unsupported})", new CallWarning(MediaProfile.IncompatibleTransportWarning, unsupported));
                return;
            }
            if (CodecChoice.Audio(offer).Count == 0)
            {
                var failure = SdpAnswerer.Answer(offer, new SdpLocalMedia(_options.MediaAddress, 0, LocalCodecs), 1, 1).Failure!;
                _teardown.Reject(call, 488, $"Not Acceptable Here ({failure})", new CallWarning(MediaProfile.IncompatibleFormatWarning, failure));
                return;
            }
        }
        call.CallerOffer = offer;
        if (!_sessionTimers.TryNegotiate(tx, out var sessionTimer)) return;

        var analysisCaller = caller.Device is not null ? CallerOfDevice(call, caller.Device, request) : _plan.CallerFromTrunk(caller.Trunk!.Name);
        if (call.CallingLine is { } line && _lines.Get(line) is { } lineRules)
        {
            // UCM: a line already carrying its Maximum Number of Calls cannot place another.
            if (!_lines.TryOccupy(line, lineRules.MaxCalls))
            {
                _teardown.Reject(call, 403, $"Forbidden (line {line} already carries its maximum of {lineRules.MaxCalls} calls)");
                return;
            }
            call.OccupiedLines.Add(line);
        }
        var decision = _analysis.Analyze(analysisCaller, called, callingOriginal);
        call.Pattern = decision.Match?.Pattern.Text;
        call.Partition = decision.Match?.Partition?.Name;
        call.CalledFinal = decision.CalledNumber;
        call.CallingFinal = decision.CallingNumber;
        _log.CallRouted(call.Id, caller, called, decision.Result, call.Pattern);
        _events.Offered(call);
        if (TryRouteHandlers(call, decision, sessionTimer)) return;
        if (decision.Result == RoutingResult.Unallocated && _audio.CanAnnounceUnallocated && offer is not null)
        {
            if (CreateInboundLeg(call, tx, offer, sessionTimer)) AnnounceThenReject(call, 404, "Not Found (unallocated number)");
            return;
        }
        if (!ResolveTargets(call, decision, forwardHops: 0)) return;

        if (call.AnswerWithoutRinging is { } local) { _localAnswerer.Answer(call, local, sessionTimer); return; }
        if (!CreateInboundLeg(call, tx, offer, sessionTimer)) return;
        if (call.Sequential) TryNextMember(call);
        else foreach (var target in call.Targets) StartAttempt(call, target);
    }

    // ---------------------------------------------------------------- requests inside a call's dialogs

    /// <summary>An ACK for our 2xx (it carries the caller's answer when the INVITE had no offer).</summary>
    public void OnAck(Dialog dialog, SipRequest ack)
    {
        if (dialog.UserState is CallLeg leg) _media.OnAck(leg, ack);
    }

    /// <summary>A request inside one of our dialogs. False when the dialog is not a call leg.</summary>
    public bool OnInDialogRequest(ServerTransaction tx, Dialog dialog)
    {
        if (dialog.UserState is IDialogOwner owner) return owner.OnInDialogRequest(tx, dialog);
        if (dialog.UserState is not CallLeg leg) return false;
        switch (tx.Request.Method)
        {
            case SipMethods.Bye:
                // Hang up first: answering the BYE ends the dialog, which must not be taken for the cause.
                _teardown.Hangup(leg.Call, leg, 200, "Normal call clearing (BYE from " + (leg.IsInbound ? "caller" : "callee") + ")");
                tx.SendResponse(tx.CreateResponse(200));
                return true;
            case SipMethods.Invite or SipMethods.Update:
                _midCall.OnOffer(tx, dialog, leg);
                return true;
            case SipMethods.Refer:
                _transfer.OnRefer(tx, dialog, leg);
                return true;
            case SipMethods.Info:
                _dtmf.OnInfo(tx, leg);
                return true;
            case SipMethods.Options or SipMethods.Notify:
                tx.SendResponse(tx.CreateResponse(200));
                return true;
            default:
                return false;
        }
    }

    public void OnDialogTerminated(Dialog dialog)
    {
        if (dialog.UserState is IDialogOwner owner) owner.OnDialogTerminated(dialog);
        if (dialog.UserState is CallLeg leg && leg.Call.IsAnswered)
            _teardown.Hangup(leg.Call, leg, 408, "Request Timeout (dialog ended)");
    }

    public void OnAckTimeout(Dialog dialog)
    {
        if (dialog.UserState is CallLeg leg) _teardown.Hangup(leg.Call, leg, 408, "Request Timeout (no ACK for the 200)");
    }

    // The collaborators' work under the names the remaining partials (attempts, paging, conference, transfer, persistent
    // connections) call; each goes when its partial becomes a collaborator of its own (issue 15).
    private void SetHeld(Call call, CallLeg holder, bool held) => _hold.Set(call, holder, held);
    private static CallLeg? OtherLeg(Call call, CallLeg leg) => call.OtherLeg(leg);
    private static bool AllowsUpdate(SipMessage message) => CallLeg.AllowsUpdate(message);
    private bool CreateInboundLeg(Call call, ServerTransaction tx, SdpSessionDescription? offer, SessionTimer? sessionTimer) =>
        _media.CreateInboundLeg(call, tx, offer, sessionTimer);
    private void AnswerCaller(Call call, SdpCodec codec) => _media.AnswerCaller(call, codec);
    private void OnProvisional(Call call, OutboundAttempt attempt, SipResponse response) => _earlyMedia.OnProvisional(call, attempt, response);
    private void AnnounceThenReject(Call call, int code, string reason) => _earlyMedia.AnnounceThenReject(call, code, reason);
    private static void ApplyLegFormats(CallLeg leg) => MediaAnchor.ApplyLegFormats(leg);
    private static IPEndPoint MediaEndPoint(SdpSessionDescription sdp) => MediaAnchor.EndPoint(sdp);
    private ulong NextSdpSession() => _media.NextSdpSession();

    /// <summary>What GET /api/calls shows: every active call.</summary>
    public IReadOnlyList<ActiveCallView> Snapshot() => _calls.Values.Select(ActiveCallView.Of).ToList();
}
