using Microsoft.Extensions.Logging;
using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Message;
using SipGateway.Sip.Sdp;
using SipGateway.Sip.Transactions;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// Provisional responses from the called side. A 180/183 with SDP is early media (RFC 3960): the caller gets a 183 with
/// our answer and the RTP legs are relayed before the answer (the first early dialog of a forking peer wins the media).
/// A 180 without SDP to a caller that offered SDP gets a 183 and a generated ringback tone, so trunk callers that
/// expect in-band progress hear ringing. Reliable provisionals (RFC 3262) are PRACKed by the dialog layer; toward the
/// caller a 183 is sent reliably when its INVITE requires 100rel. An unallocated number may be announced the same way.
/// </summary>
internal sealed class EarlyMedia(DialogRouter router, SipTransactionLayer layer, CallControlOptions options, MediaAnchor media,
    GeneratedAudio audio, CallTeardown teardown, CallEventSubscribers events, ILogger log)
{
    /// <summary>A provisional response to <paramref name="attempt"/>'s INVITE.</summary>
    public void OnProvisional(Call call, OutboundAttempt attempt, SipResponse response)
    {
        SdpSessionDescription? early = null;
        SdpCodec? earlyCodec = null;
        if (response.StatusCode is 180 or 183 && !response.Body.IsEmpty && SdpSessionDescription.TryParse(response.BodyText, out var sdp, out _))
        {
            early = sdp;
            // Early media the relay cannot carry (an SRTP profile) is not taken: the caller hears ringing instead.
            earlyCodec = MediaProfile.Unsupported(sdp) is null ? CodecChoice.Audio(sdp).FirstOrDefault() : null;
        }
        bool first = false, takeEarly = false;
        lock (call.Gate)
        {
            attempt.HeardFrom = true;
            attempt.SetupTimer?.Cancel();
            if (!attempt.Abandoned)
            {
                if (call.IsSettled || response.StatusCode is not (180 or 183)) return;
                first = call.Ring();
                takeEarly = earlyCodec is not null && call.TakeEarlyMedia(attempt);
            }
        }
        if (first) events.Alerting(call);
        if (attempt.Abandoned)
        {
            layer.Cancel((InviteClientTransaction)attempt.Transaction, CancelReasons.Abandoned);
            return;
        }
        if (takeEarly)
        {
            GeneratedAudio.StopRingback(call);
            var outbound = call.Outbound!;
            outbound.RemoteSdp = early;
            outbound.Codec = earlyCodec;
            outbound.Media.SetRemote(MediaAnchor.EndPoint(early!));
            if (SendEarlyAnswer(call, earlyCodec!)) media.StartEarlyRelay(call);
            log.EarlyMedia(call.Id, attempt.Target.Label, earlyCodec!.Name);
            return;
        }
        if (!first || call.Inbound?.Dialog is not { } dialog) return;
        if (response.StatusCode == 180 && call.CallerOffer is not null && audio.CanRingback
            && CodecChoice.Audio(call.CallerOffer).FirstOrDefault() is { } codec
            && SendEarlyAnswer(call, codec))
        {
            audio.StartRingback(call, codec);
            return;
        }
        call.InboundInvite.SendResponse(router.CreateResponse(dialog, call.InboundInvite, 180));
    }

    /// <summary>
    /// Plays <see cref="CallControlOptions.UnallocatedAnnouncement"/> to the caller as early media (183), then sends the
    /// final failure: the caller hears why, as a PSTN switch would say it (UCM's unallocated-number announcement).
    /// </summary>
    public void AnnounceThenReject(Call call, int code, string reason)
    {
        var offered = CodecChoice.Audio(call.CallerOffer).FirstOrDefault();
        if (offered is null || !SendEarlyAnswer(call, offered))
        {
            teardown.Reject(call, code, reason);
            return;
        }
        audio.AnnounceUnallocated(call, code, _ =>
        {
            if (!call.IsEnded) teardown.Reject(call, code, reason);
        });
    }

    /// <summary>A 183 with our answer to the caller's offer (the 200 later repeats it). False when nothing was sent.</summary>
    private bool SendEarlyAnswer(Call call, SdpCodec codec)
    {
        var inbound = call.Inbound;
        if (inbound?.Dialog is not { } dialog || call.CallerOffer is not { } offer) return false;
        if (inbound.LocalSdp is null)
        {
            codec = CodecChoice.ForCaller(offer, codec);
            var result = SdpAnswerer.Answer(offer, new SdpLocalMedia(options.MediaAddress, inbound.Media.LocalPort, [codec, SdpCodec.TelephoneEvent]),
                media.NextSdpSession(), 1);
            if (!result.Succeeded) return false;
            inbound.LocalSdp = result.Answer;
            inbound.Codec = codec;
        }
        var progress = router.CreateResponse(dialog, call.InboundInvite, 183, "Session Progress");
        progress.SetBody("application/sdp", inbound.LocalSdp!.ToString());
        var request = call.InboundRequest;
        bool requires100rel = request.Headers.GetValues(HeaderId.Require).Any(v => v.Equals("100rel", StringComparison.OrdinalIgnoreCase));
        if (requires100rel) router.SendReliableProvisional(dialog, call.InboundInvite, progress);
        else call.InboundInvite.SendResponse(progress);
        return true;
    }
}
