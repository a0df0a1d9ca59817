using Microsoft.Extensions.Logging;
using SipGateway.Media.Relay;
using SipGateway.Routing;
using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Message;
using SipGateway.Sip.Sdp;
using SipGateway.Sip.Transactions;

namespace SipGateway.Calls.CallControl;

public sealed partial class BackToBackUserAgent : IOutboundAttemptEvents
{
    private OutboundLegs? _legs;

    /// <summary>The one outbound-leg engine, shared with <see cref="Originator"/>.</summary>
    private OutboundLegs Legs => _legs ??= new OutboundLegs(_router, _layer, _timers, _options);

    // The engine's attempts sent with the B2BUA as their events belong to a call (a fork or route member); a transfer's
    // target INVITEs report to BlindTransfer.
    void IOutboundAttemptEvents.OnSending(OutboundAttempt attempt)
    {
        var call = (Call)attempt.Owner;
        lock (call.Gate) call.Attempts.Add(attempt);
    }

    void IOutboundAttemptEvents.OnProvisional(OutboundAttempt attempt, SipResponse response)
    {
        var call = (Call)attempt.Owner;
        try { OnProvisional(call, attempt, response); }
        catch (Exception ex) { _teardown.Abort(call, ex); }
    }

    void IOutboundAttemptEvents.OnFinal(OutboundAttempt attempt, SipResponse response)
    {
        var call = (Call)attempt.Owner;
        try { OnFinal(call, attempt, response); }
        catch (Exception ex) { _teardown.Abort(call, ex); }
    }

    void IOutboundAttemptEvents.OnSilent(OutboundAttempt attempt)
    {
        OnMemberSilent((Call)attempt.Owner, attempt);
    }

    void IOutboundAttemptEvents.OnNoAnswer(OutboundAttempt attempt)
    {
        OnNoAnswer((Call)attempt.Owner, attempt);
    }

    private void TryNextMember(Call call)
    {
        CallTarget? target;
        lock (call.Gate)
        {
            if (call.IsSettled) return;
            target = call.NextTarget < call.Targets.Count ? call.Targets[call.NextTarget++] : null;
        }
        if (target is null)
        {
            var (code, reason) = call.BestFailure ?? (503, "Service Unavailable (every route member failed)");
            _teardown.Fail(call, code, reason);
            return;
        }
        StartAttempt(call, target);
    }

    /// <param name="retryOf">The INVITE a 422 refused: the retry keeps its Call-ID and From tag with the next CSeq (RFC 4028 §7.4).</param>
    private void StartAttempt(Call call, CallTarget target, SipRequest? retryOf = null)
    {
        RtpLeg media;
        try
        {
            lock (call.Gate)
            {
                if (call.IsSettled) return;
                // Every attempt (fork or route member) offers the same outbound RTP leg: only one of them will be answered.
                call.Outbound ??= new CallLeg(call, inbound: false, new RtpLeg(_ports.Allocate()));
                media = call.Outbound.Media;
                call.StartCalling();
            }
        }
        catch (InvalidOperationException ex)
        {
            // Overload, not a fault: 503 like the inbound leg's, and the call (with the caller's RTP ports) released
            // rather than left behind by a 500 from the layer above.
            _log.CallResourceExhausted(call.Id, ex.Message);
            _teardown.Fail(call, 503, "Service Unavailable (no RTP ports left)");
            return;
        }
        // The caller's codecs first (no transcoding when the callee takes one), then the other G.711 law, which the
        // relay converts to the caller's: a PCMA-only trunk still reaches a PCMU-only phone.
        var offerCodecs = CodecChoice.Audio(call.CallerOffer);
        for (int i = 0; i < LocalCodecs.Count; i++)
        {
            var local = LocalCodecs[i];
            if (!offerCodecs.Any(c => c.SameFormat(local))) offerCodecs.Add(local);
        }
        var offer = SdpAnswerer.Offer(new SdpLocalMedia(_options.MediaAddress, media.LocalPort, offerCodecs), NextSdpSession(), 1);
        call.Outbound.LocalSdp = offer;
        var invite = LegInvite.ForCall(target, call.InboundRequest, _options, _layer.Sender.LocalEndPoint(target.Destination.Transport), offer, call.Diversion, call.SessionExpires);
        if (retryOf is not null) LegInvite.RetryOf(invite, retryOf);
        var ringFor = !call.Sequential && call.CalledLine is { ForwardNoAnswer: not null, NoAnswerRingDuration: { } ring } ? ring : _options.NoAnswerTimeout;
        Legs.Send(new OutboundAttempt(target, call) { RetriedAfter422 = retryOf is not null }, invite, this, setupTimer: call.Sequential, ringFor);
        _log.AttemptSent(call.Id, target.Label, target.Destination);
    }

    private void OnMemberSilent(Call call, OutboundAttempt attempt)
    {
        lock (call.Gate)
        {
            if (attempt.HeardFrom || attempt.Abandoned || call.IsSettled) return;
            attempt.Abandoned = true;
            call.BestFailure = (408, "Request Timeout (route member did not respond)");
        }
        _log.MemberSilent(call.Id, attempt.Target.Label, _options.MemberSetupTimeout);
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
                forks = call.Attempts.Where(a => !a.Abandoned).ToList();
                foreach (var a in forks) a.Abandoned = true;
            }
        }
        if (forks is null)
        {
            Legs.Cancel(attempt, CancelReasons.NoAnswer);
            return;
        }
        foreach (var a in forks) Legs.Cancel(a, CancelReasons.ForwardedOnNoAnswer);
        ForwardOnNoAnswer(call);
    }

    private void ForwardOnNoAnswer(Call call)
    {
        var dn = call.CalledDirectoryNumber!;
        var forward = call.CalledLine!.ForwardNoAnswer!;
        lock (call.Gate)
        {
            // The forwarded call no longer rings this line.
            if (call.OccupiedLines.Remove(dn.Dn)) _lines.Release(dn.Dn);
            call.NextTarget = 0;
            call.BestFailure = null;
        }
        if (!Forward(call, dn, forward, "Call Forward No Answer", call.Forwards.Count)) return;
        if (call.Sequential) TryNextMember(call);
        else foreach (var target in call.Targets) StartAttempt(call, target);
    }

    private void OnFinal(Call call, OutboundAttempt attempt, SipResponse response)
    {
        _log.FinalResponse(call.Id, response.StatusCode, attempt.Target.Label);
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
            next = call.Sequential && OutboundLegs.ShouldTryNext(call.Failover, _plan.FailoverRules, response.StatusCode);
            if (!call.Sequential && call.Attempts.Any(a => !a.Abandoned && a.Transaction.LastResponse is not { IsFinal: true })) return;
        }
        _log.AttemptFailed(call.Id, attempt.Target.Label, response.StatusCode);
        if (next) TryNextMember(call);
        else _teardown.Fail(call, call.BestFailure!.Value.Code, call.BestFailure.Value.Reason);
    }

    /// <summary>Busy beats everything else when telling the caller why forks failed (§16.7 response selection, simplified).</summary>
    private static (int, string) Better((int Code, string Reason)? current, (int Code, string Reason) candidate) =>
        current is null ? candidate
        : candidate.Code is 486 or 600 ? candidate
        : current.Value.Code is 486 or 600 ? current.Value
        : candidate.Code < 500 || current.Value.Code == 408 ? candidate : current.Value;

    private void OnAnswered(Call call, OutboundAttempt attempt, SipResponse response)
    {
        var dialog = Legs.DialogOf(response);
        List<OutboundAttempt> losers;
        lock (call.Gate)
        {
            if (call.IsSettled || dialog is null)
            {
                _log.ExtraAnswer(call.Id, attempt.Target.Label, dialog is not null);
                // A second answer (another fork) or a call already gone: ACK it and hang it up (§13.2.2.4).
                if (dialog is not null) Legs.RefuseAnswer(dialog, response);
                return;
            }
            call.Answer(_time.GetUtcNow());
            call.RouteMember = attempt.Target.Trunk ?? attempt.Target.Label;
            call.Outbound!.Dialog = dialog;
            call.Outbound.Peer = attempt.Target.Destination.ToString();
            call.Outbound.Device = attempt.Target.Device;
            call.Outbound.Trunk = attempt.Target.Trunk;
            dialog.UserState = call.Outbound;
            losers = call.Attempts.Where(a => a != attempt && !a.Abandoned).ToList();
            foreach (var l in losers) l.Abandoned = true;
        }
        foreach (var l in losers) Legs.Cancel(l, CancelReasons.AnsweredElsewhere);

        SdpSessionDescription? answer = null;
        if (!response.Body.IsEmpty && SdpSessionDescription.TryParse(response.BodyText, out var parsed, out _)) answer = parsed;
        Legs.Acknowledge(dialog, response);
        var codec = CodecChoice.FirstSupported(answer?.FirstAudio);
        // An answer the relay cannot use (an SRTP profile, or no codec of our offer) ends the call: the callee is ACKed
        // and BYEd, the caller gets 488 naming why (the teardown rule).
        if (answer is not null && MediaProfile.Unsupported(answer) is { } unsupported)
        {
            _log.AnswerProfileUnsupported(call.Id, attempt.Target.Label, unsupported);
            _teardown.Hangup(call, call.Outbound!, 488, $"Not Acceptable Here (callee answered {unsupported})",
                new CallWarning(MediaProfile.IncompatibleTransportWarning, unsupported));
            return;
        }
        if (answer is null || codec is null)
        {
            _log.AnswerWithoutUsableSdp(call.Id, attempt.Target.Label);
            _teardown.Hangup(call, call.Outbound!, 488, "Not Acceptable Here (callee answered without usable SDP)",
                new CallWarning(MediaProfile.IncompatibleFormatWarning, "the callee answered with no codec of the offer"));
            return;
        }
        call.Outbound!.RemoteSdp = answer;
        call.Outbound.Media.SetRemote(MediaEndPoint(answer));
        call.Outbound.Codec = codec;
        call.Outbound.PeerAllowsUpdate = AllowsUpdate(response);
        call.Outbound.SessionTimer = _sessionTimers.OfAnswer(response);
        _sessionTimers.Arm(call.Outbound);
        call.Codec = codec;
        call.TelephoneEvent = answer.FirstAudio!.Codecs().FirstOrDefault(c => c.IsTelephoneEvent);
        call.AnsweredBy = attempt.Target;
        AnswerCaller(call, codec);
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
                || wanted <= (call.SessionExpires ?? _options.SessionExpires)) return false;
            attempt.Abandoned = true;
            attempt.RetriedAfter422 = true;
            call.SessionExpires = wanted;
        }
        _log.RetryingWithMinSe(call.Id, attempt.Target.Label, seconds);
        StartAttempt(call, attempt.Target, retryOf: attempt.Transaction.Request);
        return true;
    }
}
