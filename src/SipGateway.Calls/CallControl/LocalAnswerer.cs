using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Sdp;
using SipGateway.Sip.Transactions;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// Answers a caller for a route handler that took the call with <see cref="CallRouteResult.Answer"/>: the caller's
/// leg, its 200 (an answer to its offer, or our offer when it sent none: RFC 3261 §13.2.1, the answer then comes in
/// the ACK), the session timer (RFC 4028), the Answered event, the running RTP leg handed to the
/// <see cref="ILocalCallee"/>; and at the end of the call, the callee's <see cref="ILocalCallee.Ended"/>.
/// </summary>
internal sealed class LocalAnswerer
{
    /// <summary>What an <see cref="ILocalCallee"/> hears when its caller was never answered.</summary>
    internal const string NotAnswered = "not answered";

    /// <summary>The caller's leg (RTP port, UAS dialog, the call listed as active); false when it was rejected.</summary>
    internal delegate bool CreateInboundLeg(Call call, ServerTransaction tx, SdpSessionDescription? offer, SessionTimer? sessionTimer);

    private readonly TimeProvider _time;
    private readonly DialogRouter _router;
    private readonly CallTeardown _teardown;
    private readonly CallEventSubscribers _events;
    private readonly SessionTimers _sessionTimers;
    private readonly CallControlOptions _options;
    private readonly CreateInboundLeg _createInboundLeg;
    private readonly Func<ulong> _nextSdpSession;
    private readonly Action<CallLeg> _applyLegFormats;

    public LocalAnswerer(DialogRouter router, CallTeardown teardown, CallEventSubscribers events, SessionTimers sessionTimers,
        CallControlOptions options, CreateInboundLeg createInboundLeg, Func<ulong> nextSdpSession, Action<CallLeg> applyLegFormats, TimeProvider time)
    {
        _time = time;
        _router = router;
        _teardown = teardown;
        _events = events;
        _sessionTimers = sessionTimers;
        _options = options;
        _createInboundLeg = createInboundLeg;
        _nextSdpSession = nextSdpSession;
        _applyLegFormats = applyLegFormats;
    }

    /// <summary>Answers <paramref name="call"/> (digit analysis done, no final response yet) as <paramref name="answer"/> asks.</summary>
    public void Answer(Call call, LocalAnswer answer, SessionTimer? sessionTimer)
    {
        var offer = call.CallerOffer;
        var local = new SdpLocalMedia(_options.MediaAddress, 0, answer.LocalMedia);
        if (offer is not null && SdpAnswerer.Answer(offer, local, 1, 1) is { Succeeded: false } refused)
        {
            answer.Callee.Ended(NotAnswered);
            _teardown.Reject(call, 488, answer.NotAcceptableReason ?? $"Not Acceptable Here ({refused.Failure})");
            return;
        }
        if (!_createInboundLeg(call, call.InboundInvite, offer, sessionTimer))
        {
            answer.Callee.Ended(NotAnswered);
            return;
        }
        var inbound = call.Inbound!;
        if (offer is not null)
        {
            var result = SdpAnswerer.Answer(offer, local with { Port = inbound.Media.LocalPort }, _nextSdpSession(), 1);
            inbound.LocalSdp = result.Answer;
            inbound.Codec = result.Codec;
        }
        else
        {
            // Delayed offer: our offer in the 200 names one codec (the callee's first), so there is nothing left to
            // choose when the ACK answers; until the ACK says where, nothing is sent to the caller.
            var codec = answer.Codecs[0];
            inbound.LocalSdp = SdpAnswerer.Offer(local with { Port = inbound.Media.LocalPort, Codecs = [codec, SdpCodec.TelephoneEvent] }, _nextSdpSession(), 1);
            inbound.Codec = codec;
        }
        bool answered;
        lock (call.Gate)
        {
            answered = call.Answer(_time.GetUtcNow());
            if (answered)
            {
                if (answer.CalledNumber is { } called) call.CalledFinal = called;
                if (answer.RouteMember is { } member) call.RouteMember = member;
                call.LocalCallee = answer.Callee;
            }
        }
        if (!answered)
        {
            // The caller cancelled meanwhile: the call ended before the callee was attached to it.
            answer.Callee.Ended(call.CauseText ?? NotAnswered);
            return;
        }
        var ok = _router.CreateResponse(inbound.Dialog!, call.InboundInvite, 200);
        ok.SetBody("application/sdp", inbound.LocalSdp!.ToString());
        SessionTimers.AddToAnswer(ok, inbound);
        if (!call.InboundInvite.SendResponse(ok))
        {
            _teardown.End(call, 487, "Request Terminated");
            return;
        }
        _events.Answered(call);
        _sessionTimers.Arm(inbound);
        _applyLegFormats(inbound);
        inbound.Media.ForwardTelephoneEvents = answer.ForwardTelephoneEvents;
        inbound.Media.Start();
        answer.Callee.Answered(new LocallyAnsweredCall(call, inbound, _teardown));
    }

    /// <summary>At the end of a call (any cause): its callee, if any, is told once.</summary>
    public static void Release(Call call)
    {
        ILocalCallee? callee;
        lock (call.Gate)
        {
            callee = call.LocalCallee;
            call.LocalCallee = null;
        }
        callee?.Ended(call.CauseText ?? "call ended");
    }
}
