using Microsoft.Extensions.Logging;
using SipGateway.Calls.Lines;
using SipGateway.Media.Relay;
using SipGateway.Media.Transport;
using SipGateway.Routing;
using SipGateway.Sip.Message;
using SipGateway.Sip.Sdp;
using SipGateway.Sip.Transactions;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// Rings a call's targets through the outbound-leg engine: every contact of a directory number at once (forking), route
/// members one after another with UCM failover (Routing's <see cref="FailoverRules"/>, a member silent for the member
/// setup time given up); Call Forward No Answer; the RFC 4028 §7.4 retry after a 422; and the answer that wins, whose
/// rivals are cancelled and whose media the <see cref="MediaAnchor"/> connects to the caller.
/// </summary>
/// <param name="analysis">The digit analysis in force now (its plan's failover rules are the default).</param>
internal sealed class TargetHunt(OutboundLegs legs, SipTransactionLayer layer, RtpPortAllocator ports, CallControlOptions options,
    CallTargets targets, LineDirectory lines, MediaAnchor media, EarlyMedia earlyMedia, SessionTimers sessionTimers,
    CallTeardown teardown, Func<DigitAnalysis> analysis, TimeProvider time, ILogger log) : IOutboundAttemptEvents
{
    /// <summary>Rings the call's targets: route members one at a time, a line's contacts all at once.</summary>
    public void Start(Call call)
    {
        if (call.Sequential) TryNextMember(call);
        else foreach (var target in call.Targets) StartAttempt(call, target);
    }

    void IOutboundAttemptEvents.OnSending(OutboundAttempt attempt)
    {
        var call = (Call)attempt.Owner;
        lock (call.Gate) call.Attempts.Add(attempt);
    }

    void IOutboundAttemptEvents.OnProvisional(OutboundAttempt attempt, SipResponse response)
    {
        var call = (Call)attempt.Owner;
        try { earlyMedia.OnProvisional(call, attempt, response); }
        catch (Exception ex) { teardown.Abort(call, ex); }
    }

    void IOutboundAttemptEvents.OnFinal(OutboundAttempt attempt, SipResponse response)
    {
        var call = (Call)attempt.Owner;
        try { OnFinal(call, attempt, response); }
        catch (Exception ex) { teardown.Abort(call, ex); }
    }

    void IOutboundAttemptEvents.OnSilent(OutboundAttempt attempt) => OnMemberSilent((Call)attempt.Owner, attempt);

    void IOutboundAttemptEvents.OnNoAnswer(OutboundAttempt attempt) => OnNoAnswer((Call)attempt.Owner, attempt);

    public void TryNextMember(Call call)
    {
        CallTarget? target;
        lock (call.Gate)
        {
            if (call.IsSettled) return;
            target = call.AdvanceToNextTarget();
        }
        if (target is null)
        {
            var (code, reason) = call.BestFailure ?? (503, "Service Unavailable (every route member failed)");
            teardown.Fail(call, code, reason);
            return;
        }
        StartAttempt(call, target);
    }

    /// <param name="retryOf">The INVITE a 422 refused: the retry keeps its Call-ID and From tag with the next CSeq (RFC 4028 §7.4).</param>
    public void StartAttempt(Call call, CallTarget target, SipRequest? retryOf = null)
    {
        RtpLeg rtp;
        try
        {
            lock (call.Gate)
            {
                if (call.IsSettled) return;
                // Every attempt (fork or route member) offers the same outbound RTP leg: only one of them will be answered.
                call.Outbound ??= new CallLeg(call, inbound: false, new RtpLeg(ports.Allocate()));
                rtp = call.Outbound.Media;
                call.StartCalling();
            }
        }
        catch (InvalidOperationException ex)
        {
            // Overload, not a fault: 503 like the inbound leg's, and the call (with the caller's RTP ports) released
            // rather than left behind by a 500 from the layer above.
            log.CallResourceExhausted(call.Id, ex.Message);
            teardown.Fail(call, 503, "Service Unavailable (no RTP ports left)");
            return;
        }
        // The caller's codecs first (no transcoding when the callee takes one), then the other G.711 law, which the
        // relay converts to the caller's: a PCMA-only trunk still reaches a PCMU-only phone.
        var offerCodecs = CodecChoice.Audio(call.CallerOffer);
        var localCodecs = CodecChoice.Local;
        for (int i = 0; i < localCodecs.Count; i++)
        {
            var local = localCodecs[i];
            if (!offerCodecs.Any(c => c.SameFormat(local))) offerCodecs.Add(local);
        }
        var offer = SdpAnswerer.Offer(new SdpLocalMedia(options.MediaAddress, rtp.LocalPort, offerCodecs), media.NextSdpSession(), 1);
        call.Outbound.LocalSdp = offer;
        var invite = LegInvite.ForCall(target, call.InboundRequest, options, layer.Sender.LocalEndPoint(target.Destination.Transport), offer, call.Diversion, call.SessionExpires);
        if (retryOf is not null) LegInvite.RetryOf(invite, retryOf);
        var ringFor = !call.Sequential && call.CalledLine is { ForwardNoAnswer: not null, NoAnswerRingDuration: { } ring } ? ring : options.NoAnswerTimeout;
        legs.Send(new OutboundAttempt(target, call) { RetriedAfter422 = retryOf is not null }, invite, this, setupTimer: call.Sequential, ringFor);
        log.AttemptSent(call.Id, target.Label, target.Destination);
    }

    private void OnMemberSilent(Call call, OutboundAttempt attempt)
    {
        lock (call.Gate)
        {
            if (attempt.HeardFrom || attempt.Abandoned || call.IsSettled) return;
            attempt.Abandoned = true;
            call.BestFailure = (408, "Request Timeout (route member did not respond)");
        }
        log.MemberSilent(call.Id, attempt.Target.Label, options.MemberSetupTimeout);
        TryNextMember(call);
    }

    private void OnNoAnswer(Call call, OutboundAttempt attempt)
    {
        List<OutboundAttempt>? forks = null;
        lock (call.Gate)
        {
            if (attempt.Abandoned || call.IsSettled) return;
            attempt.NoAnswer = true;
            if (!call.Sequential && !call.ForwardedOnNoAnswer && call.CalledLine?.ForwardNoAnswer is not null)
            {
                // Call Forward No Answer: every fork of the line stops ringing and the call moves on.
                call.ForwardedOnNoAnswer = true;
                forks = call.AbandonPendingAttempts();
            }
        }
        if (forks is null)
        {
            legs.Cancel(attempt, CancelReasons.NoAnswer);
            return;
        }
        foreach (var a in forks) legs.Cancel(a, CancelReasons.ForwardedOnNoAnswer);
        ForwardOnNoAnswer(call);
    }

    private void ForwardOnNoAnswer(Call call)
    {
        var dn = call.CalledDirectoryNumber!;
        var forward = call.CalledLine!.ForwardNoAnswer!;
        lock (call.Gate)
        {
            // The forwarded call no longer rings this line.
            if (call.OccupiedLines.Remove(dn.Dn)) lines.Release(dn.Dn);
            call.NextTarget = 0;
            call.BestFailure = null;
        }
        if (targets.Forward(call, dn, forward, "Call Forward No Answer", call.Forwards.Count)) Start(call);
    }

    private void OnFinal(Call call, OutboundAttempt attempt, SipResponse response)
    {
        log.FinalResponse(call.Id, response.StatusCode, attempt.Target.Label);
        if (response.IsSuccess)
        {
            OnAnswered(call, attempt, response);
            return;
        }
        if (response.StatusCode == 422 && RetryWithMinSe(call, attempt, response)) return;
        bool next;
        lock (call.Gate)
        {
            attempt.HeardFrom = true;
            if (attempt.Abandoned || call.IsSettled) return;
            // Our own CANCEL of an unanswered attempt comes back as 487; the caller hears why we cancelled: no answer.
            call.BestFailure = Better(call.BestFailure, attempt.NoAnswer && response.StatusCode == 487
                ? (480, "Temporarily Unavailable (no answer)")
                : (response.StatusCode, response.ReasonPhrase));
            next = call.Sequential && OutboundLegs.ShouldTryNext(call.Failover, analysis().Plan.FailoverRules, response.StatusCode);
            if (!call.Sequential && call.Attempts.Any(a => !a.Abandoned && a.Transaction.LastResponse is not { IsFinal: true })) return;
        }
        log.AttemptFailed(call.Id, attempt.Target.Label, response.StatusCode);
        if (next) TryNextMember(call);
        else teardown.Fail(call, call.BestFailure!.Value.Code, call.BestFailure.Value.Reason);
    }

    /// <summary>Busy beats everything else when telling the caller why forks failed (§16.7 response selection, simplified).</summary>
    private static (int, string) Better((int Code, string Reason)? current, (int Code, string Reason) candidate) =>
        current is null ? candidate
        : candidate.Code is 486 or 600 ? candidate
        : current.Value.Code is 486 or 600 ? current.Value
        : candidate.Code < 500 || current.Value.Code == 408 ? candidate : current.Value;

    private void OnAnswered(Call call, OutboundAttempt attempt, SipResponse response)
    {
        var dialog = legs.DialogOf(response);
        List<OutboundAttempt> losers;
        lock (call.Gate)
        {
            // An attempt given up (a route member silent past its setup time, forks cancelled for Call Forward No
            // Answer, a redirected call) may still answer while the call goes on elsewhere: that answer is not the call's.
            if (call.IsSettled || dialog is null || attempt.Abandoned)
            {
                log.ExtraAnswer(call.Id, attempt.Target.Label, dialog is not null);
                // A second answer (another fork), one from an attempt given up, or a call already gone: ACK it and
                // hang it up (§13.2.2.4).
                if (dialog is not null) legs.RefuseAnswer(dialog, response);
                return;
            }
            call.Answer(time.GetUtcNow());
            call.RouteMember = attempt.Target.Trunk ?? attempt.Target.Label;
            call.Outbound!.Dialog = dialog;
            call.Outbound.Peer = attempt.Target.Destination.ToString();
            call.Outbound.Device = attempt.Target.Device;
            call.Outbound.Trunk = attempt.Target.Trunk;
            dialog.UserState = call.Outbound;
            losers = call.AbandonPendingAttempts(except: attempt);
        }
        foreach (var l in losers) legs.Cancel(l, CancelReasons.AnsweredElsewhere);

        SdpSessionDescription? answer = null;
        if (!response.Body.IsEmpty && SdpSessionDescription.TryParse(response.BodyText, out var parsed, out _)) answer = parsed;
        legs.Acknowledge(dialog, response);
        var codec = CodecChoice.FirstSupported(answer?.FirstAudio);
        // An answer the relay cannot use (an SRTP profile, or no codec of our offer) ends the call: the callee is ACKed
        // and BYEd, the caller gets 488 naming why (the teardown rule).
        if (answer is not null && MediaProfile.Unsupported(answer) is { } unsupported)
        {
            log.AnswerProfileUnsupported(call.Id, attempt.Target.Label, unsupported);
            teardown.Hangup(call, call.Outbound!, 488, $"Not Acceptable Here (callee answered {unsupported})",
                new CallWarning(MediaProfile.IncompatibleTransportWarning, unsupported));
            return;
        }
        if (answer is null || codec is null)
        {
            log.AnswerWithoutUsableSdp(call.Id, attempt.Target.Label);
            teardown.Hangup(call, call.Outbound!, 488, "Not Acceptable Here (callee answered without usable SDP)",
                new CallWarning(MediaProfile.IncompatibleFormatWarning, "the callee answered with no codec of the offer"));
            return;
        }
        call.Outbound!.RemoteSdp = answer;
        call.Outbound.Media.SetRemote(MediaAnchor.EndPoint(answer));
        call.Outbound.Codec = codec;
        call.Outbound.PeerAllowsUpdate = CallLeg.AllowsUpdate(response);
        call.Outbound.SessionTimer = sessionTimers.OfAnswer(response);
        sessionTimers.Arm(call.Outbound);
        call.Codec = codec;
        call.TelephoneEvent = answer.FirstAudio!.Codecs().FirstOrDefault(c => c.IsTelephoneEvent);
        call.AnsweredBy = attempt.Target;
        media.AnswerCaller(call, codec);
    }

    /// <summary>
    /// RFC 4028 §7.4: a 422 names the far end's Min-SE; the INVITE is sent again once, to the same target, asking for
    /// that interval (CUCM's default Min-SE is 1800 s, some carriers ask for more).
    /// </summary>
    private bool RetryWithMinSe(Call call, OutboundAttempt attempt, SipResponse response)
    {
        var text = response.Headers["Min-SE"]?.Split(';')[0].Trim();
        if (!int.TryParse(text, out var seconds) || seconds <= 0 || seconds > 86_400) return false;
        var wanted = TimeSpan.FromSeconds(seconds);
        lock (call.Gate)
        {
            if (attempt.Abandoned || call.IsSettled || attempt.RetriedAfter422
                || wanted <= (call.SessionExpires ?? options.SessionExpires)) return false;
            attempt.Abandoned = true;
            attempt.RetriedAfter422 = true;
            call.SessionExpires = wanted;
        }
        log.RetryingWithMinSe(call.Id, attempt.Target.Label, seconds);
        StartAttempt(call, attempt.Target, retryOf: attempt.Transaction.Request);
        return true;
    }
}
