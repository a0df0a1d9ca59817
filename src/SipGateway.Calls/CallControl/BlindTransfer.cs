using Microsoft.Extensions.Logging;
using SipGateway.Media.Relay;
using SipGateway.Media.Transport;
using SipGateway.Routing;
using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Message;
using SipGateway.Sip.Sdp;
using SipGateway.Sip.Transactions;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// A blind transfer (REFER without Replaces): the Refer-To digits are analysed with the transferor's CSS, the gateway
/// calls the target for the transferee through the one outbound-leg engine (route members with the route's failover
/// rules, a line's contacts all at once) and, once answered, connects the two and drops the transferor. A meet-me
/// number puts the transferee into the bridge instead.
/// </summary>
internal sealed class BlindTransfer(BackToBackUserAgent b2bua, DialogRouter router, SipTransactionLayer layer, OutboundLegs outbound,
    RtpPortAllocator ports, CallControlOptions options, MediaAnchor media, SessionTimers sessionTimers, CallEventSubscribers events,
    TransferLegs handover, ConferenceTransfer conference, ILogger log) : IOutboundAttemptEvents
{
    public void Start(Call call, CallLeg transferor, CallLeg transferee, string digits)
    {
        var plan = b2bua.Plan;
        Caller analysisCaller;
        try
        {
            analysisCaller = transferor.Device is { } device ? b2bua.CallerOfLine(device, transferor.Dialog?.LocalParty.Uri.UserUnescaped ?? "")
                : transferor.Trunk is { } trunk ? plan.CallerFromTrunk(trunk)
                : throw new KeyNotFoundException("the transferor is neither a device nor a trunk");
        }
        catch (KeyNotFoundException ex)
        {
            handover.Notify(transferor, 403, $"Forbidden ({ex.Message})", final: true);
            return;
        }
        if (conference.IsConferenceNumber(digits))
        {
            conference.Transfer(call, transferor, transferee, digits);
            return;
        }
        var presented = ReferenceEquals(transferee, call.Inbound) ? call.CallingFinal ?? call.CallingOriginal : call.CalledFinal;
        var decision = b2bua.Analyze(analysisCaller, digits, presented);
        log.BlindTransfer(call.Id, transferee.Peer, digits, decision.Result);
        var targets = b2bua.TargetsOf(decision);
        if (targets.Count == 0)
        {
            var (code, reason) = decision.Result switch
            {
                RoutingResult.Block => (403, $"Forbidden ({decision.BlockReason ?? "blocked"})"),
                RoutingResult.Unallocated => (404, "Not Found"),
                RoutingResult.DirectoryNumber => (480, "Temporarily Unavailable"),
                _ => (503, "Service Unavailable"),
            };
            handover.Notify(transferor, code, reason, final: true);
            return;
        }
        var codec = transferee.Codec ?? call.Codec ?? SdpCodec.Pcmu;
        RtpLeg rtp;
        try { rtp = new RtpLeg(ports.Allocate()); }
        catch (InvalidOperationException)
        {
            handover.Notify(transferor, 503, "Service Unavailable (no RTP ports left)", final: true);
            return;
        }
        // Route members one after another with the route's failover rules, as a call's; a line's contacts all at once.
        var sequential = decision.Result == RoutingResult.Route;
        var transfer = new TransferAttempt(call, transferor, transferee, rtp, targets.ToList(), sequential ? decision.Failover : null, sequential);
        // The transferee's codec first; the other law too, which the relay converts.
        transfer.Offer = SdpAnswerer.Offer(new SdpLocalMedia(options.MediaAddress, rtp.LocalPort,
            [codec, codec.SameFormat(SdpCodec.Pcma) ? SdpCodec.Pcmu : SdpCodec.Pcma, SdpCodec.TelephoneEvent]), media.NextSdpSession(), 1);
        if (sequential) SendInvite(transfer, transfer.Targets[transfer.NextTarget++]);
        else foreach (var target in transfer.Targets) SendInvite(transfer, target);
    }

    /// <summary>The transfer target's INVITE, an attempt of the one outbound-leg engine (its responses come back here).</summary>
    private void SendInvite(TransferAttempt transfer, CallTarget target)
    {
        var invite = LegInvite.ForCall(target, transfer.Call.InboundRequest, options, layer.Sender.LocalEndPoint(target.Destination.Transport), transfer.Offer!);
        outbound.Send(new OutboundAttempt(target, transfer), invite, this, setupTimer: transfer.Sequential, options.NoAnswerTimeout);
    }

    void IOutboundAttemptEvents.OnSending(OutboundAttempt attempt)
    {
        var transfer = (TransferAttempt)attempt.Owner;
        lock (transfer) transfer.Pending.Add(attempt);
    }

    void IOutboundAttemptEvents.OnProvisional(OutboundAttempt attempt, SipResponse response)
    {
        if (response.StatusCode == 180) handover.Notify(((TransferAttempt)attempt.Owner).Transferor, 180, "Ringing", final: false);
    }

    /// <summary>A route member silent for the member setup time gives way to the next, as a call's does.</summary>
    void IOutboundAttemptEvents.OnSilent(OutboundAttempt attempt)
    {
        var transfer = (TransferAttempt)attempt.Owner;
        lock (transfer)
        {
            if (attempt.HeardFrom || transfer.Done) return;
            attempt.Abandoned = true;
        }
        TargetFailed(transfer, attempt, 408, "Request Timeout (route member did not respond)");
    }

    void IOutboundAttemptEvents.OnNoAnswer(OutboundAttempt attempt) => outbound.Cancel(attempt, CancelReasons.NoAnswer);

    void IOutboundAttemptEvents.OnFinal(OutboundAttempt attempt, SipResponse response)
    {
        var transfer = (TransferAttempt)attempt.Owner;
        if (!response.IsSuccess)
        {
            TargetFailed(transfer, attempt, response.StatusCode, response.ReasonPhrase ?? "Failed");
            return;
        }
        var dialog = outbound.DialogOf(response);
        if (dialog is null) return;
        outbound.Acknowledge(dialog, response);
        List<OutboundAttempt> others;
        bool won;
        lock (transfer)
        {
            won = !transfer.Done;
            transfer.Done = true;
            others = transfer.Pending.Where(p => p != attempt).ToList();
            transfer.Pending.Clear();
        }
        foreach (var o in others) outbound.Cancel(o, CancelReasons.AnsweredElsewhere);
        Answered(transfer, attempt.Target, dialog, response, won);
    }

    private void Answered(TransferAttempt transfer, CallTarget target, Dialog dialog, SipResponse response, bool won)
    {
        var call = transfer.Call;
        SdpSessionDescription? answer = null;
        if (!response.Body.IsEmpty && SdpSessionDescription.TryParse(response.BodyText, out var parsed, out _)) answer = parsed;
        var codec = answer?.FirstAudio?.Codecs().FirstOrDefault(c => !c.IsTelephoneEvent);
        if (!won || answer is null || codec is null || !call.IsAnswered)
        {
            router.SendRequest(dialog, dialog.CreateRequest(SipMethods.Bye));
            if (won)
            {
                transfer.Media.Dispose();
                handover.Notify(transfer.Transferor, 488, "Not Acceptable Here", final: true);
            }
            return;
        }
        var leg = new CallLeg(call, inbound: false, transfer.Media)
        {
            Dialog = dialog, RemoteSdp = answer, LocalSdp = transfer.Offer, Codec = codec, Peer = target.Destination.ToString(),
            Device = target.Device, Trunk = target.Trunk, PeerAllowsUpdate = CallLeg.AllowsUpdate(response),
            SessionTimer = sessionTimers.OfAnswer(response),
        };
        dialog.UserState = leg;
        leg.Media.SetRemote(MediaAnchor.EndPoint(answer));
        lock (call.Gate)
        {
            call.Forwards.Add($"Transfer: {transfer.Transferor.Peer} -> {target.Label}");
            call.RouteMember = target.Trunk ?? target.Label;
        }
        handover.Replace(call, transfer.Transferor, leg, startNewLeg: true);
        sessionTimers.Arm(leg);
        handover.Notify(transfer.Transferor, 200, "OK", final: true);
        handover.DropTransferor(transfer.Transferor, "Call transferred");
        log.Transferred(call.Id, transfer.Transferee.Peer, leg.Peer);
        events.Transferred(call);
    }

    /// <summary>One target failed: the next route member when the failover rules say so, else, when it was the last
    /// one ringing, the transferor hears why.</summary>
    private void TargetFailed(TransferAttempt transfer, OutboundAttempt attempt, int code, string reason)
    {
        CallTarget? next = null;
        bool last;
        lock (transfer)
        {
            if (!transfer.Pending.Remove(attempt)) return;
            if (transfer.Sequential && !transfer.Done && transfer.NextTarget < transfer.Targets.Count
                && OutboundLegs.ShouldTryNext(transfer.Failover, b2bua.Plan.FailoverRules, code))
                next = transfer.Targets[transfer.NextTarget++];
            last = next is null && transfer.Pending.Count == 0 && !transfer.Done;
            if (last) transfer.Done = true;
        }
        if (next is not null)
        {
            SendInvite(transfer, next);
            return;
        }
        if (!last) return;
        transfer.Media.Dispose();
        handover.Notify(transfer.Transferor, code, reason, final: true);
        log.TransferTargetFailed(transfer.Call.Id, attempt.Target.Label, code);
    }
}
