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
/// The B2BUA: a dispatcher from a caller's INVITE and a call's dialogs to the collaborators that do a call's work:
/// <see cref="CallSetup"/> (admission, offer check, digit analysis, route handlers), <see cref="CallTargets"/> and
/// <see cref="TargetHunt"/> (forking to a DN's contacts, route members in order with UCM failover),
/// <see cref="MediaAnchor"/> (media between the two RTP legs), <see cref="MidCallRequests"/>, <see cref="CallTransfer"/>
/// (REFER) and <see cref="CallTeardown"/> (CANCEL and BYE across, one CDR per call).
/// </summary>
public sealed partial class BackToBackUserAgent
{
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
    private readonly CallTargets _targets;
    private readonly TargetHunt _hunt;
    private readonly CallSetup _setup;

    /// <summary>The one outbound-leg engine: a call's attempts (<see cref="TargetHunt"/>), transfer targets, originated legs.</summary>
    private OutboundLegs Legs { get; }

    public BackToBackUserAgent(DialogRouter router, SipTransactionLayer layer, Registrar registrar, DialPlan plan, TrunkDirectory trunks,
        RtpPortAllocator ports, CallControlOptions options, ICdrStore? cdrs, ITimerScheduler timers, TimeProvider time, ILogger<BackToBackUserAgent> logger, LineDirectory? lines = null,
        Media.Pacing.PacedSender? pacer = null)
    {
        _lines = lines ?? new LineDirectory([]); // its own: ReplaceDialPlan changes the rules
        _analysis = new DigitAnalysis(plan, _circular);
        (_router, _layer, _registrar, _trunks, _ports, _options, _pacer, _time, _log) = (router, layer, registrar, trunks, ports, options, pacer, time, logger);
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
        _localAnswerer = new LocalAnswerer(router, _teardown, _events, _sessionTimers, options, _media.CreateInboundLeg, _media.NextSdpSession, MediaAnchor.ApplyLegFormats, time);
        Legs = new OutboundLegs(router, layer, timers, options);
        // Created once per B2BUA: each call reads the analysis in force when it needs it (ReplaceDialPlan swaps it).
        Func<DigitAnalysis> analysis = () => _analysis;
        _targets = new CallTargets(registrar, trunks, _lines, _teardown, analysis, logger);
        _hunt = new TargetHunt(Legs, layer, ports, options, _targets, _lines, _media, _earlyMedia, _sessionTimers, _teardown, analysis, time, logger);
        _setup = new CallSetup(_admission, _sessionTimers, _lines, analysis, _events, _audio, _media, _earlyMedia, _localAnswerer,
            _targets, _hunt, _teardown, options, time, logger);
        var handover = new TransferLegs(router, _dtmf);
        _transfer = new CallTransfer(router, _teardown, _events, handover, new BlindTransfer(this, router, layer, Legs, ports, options, _media,
            _sessionTimers, _events, handover, new ConferenceTransfer(Conferences, _teardown, handover), logger), logger);
        ThirdParty = new ThirdPartyCallControl(this, _calls, layer, _lines, _teardown, _hold, _dtmf, _events, time, logger);
    }

    public TrunkDirectory Trunks => _trunks;

    /// <summary>The meet-me numbers and their bridges: a route handler the host registers (first), and where blind
    /// transfers to a meet-me number go.</summary>
    public Conferencing.ConferenceNumbers Conferences { get; }

    /// <summary>Adds a consumer of call events after those already registered (the CDR recorder is the first).</summary>
    public void AddCallEvents(ICallEvents subscriber) => _events.Add(subscriber);

    /// <summary>When set, route members whose trunk is out of service (OPTIONS keepalive) are skipped.</summary>
    public TrunkMonitor? Monitor { get => _targets.Monitor; set => _targets.Monitor = value; }

    /// <summary>Adds a route handler after those already registered (the host registers them at start-up).</summary>
    public void AddRouteHandler(ICallRouteHandler handler) => _setup.AddRouteHandler(handler);

    /// <summary>Adds a target source after those already registered (consulted when a call to a DN is resolved).</summary>
    public void AddTargetSource(ICallTargetSource source) => _targets.AddSource(source);

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
    public void OnInvite(ServerTransaction tx, CallerIdentity caller) => _setup.OnInvite(tx, caller);

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

    /// <summary>What GET /api/calls shows: every active call.</summary>
    public IReadOnlyList<ActiveCallView> Snapshot() => _calls.Values.Select(ActiveCallView.Of).ToList();
}
