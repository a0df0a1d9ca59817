using Microsoft.Extensions.Logging;
using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Message;
using SipGateway.Sip.Sdp;
using SipGateway.Sip.Transactions;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// Mid-call offers: re-INVITE and UPDATE (RFC 3311) from either side are answered by the gateway itself, because media
/// is anchored: the other side keeps its RTP leg and never sees the change. A hold offer (sendonly, inactive, or the
/// RFC 2543 c=0.0.0.0) holds the call (<see cref="CallHold"/>); sendrecv resumes it. Each is also a session refresh.
/// </summary>
internal sealed class MidCallRequests(DialogRouter router, CallControlOptions options, MediaAnchor media, SessionTimers sessionTimers, CallHold hold)
{
    /// <summary>A re-INVITE or UPDATE from <paramref name="leg"/>'s peer.</summary>
    public void OnOffer(ServerTransaction tx, Dialog dialog, CallLeg leg)
    {
        if (tx.Request.Method == SipMethods.Invite && leg.ReInvitePending)
        {
            // Glare: our own re-INVITE is outstanding on this dialog (§14.2); the peer retries after a random wait.
            var glare = router.CreateResponse(dialog, tx, 491, "Request Pending");
            glare.Headers.Add(HeaderId.RetryAfter, Random.Shared.Next(1, 4).ToString());
            tx.SendResponse(glare);
            return;
        }
        Answer(tx, dialog, leg);
        // A re-INVITE or UPDATE from the peer is also a session refresh (RFC 4028 §10).
        sessionTimers.Arm(leg);
    }

    private void Answer(ServerTransaction tx, Dialog dialog, CallLeg leg)
    {
        var call = leg.Call;
        var request = tx.Request;
        if (request.Body.IsEmpty)
        {
            // An offerless re-INVITE (§14.1; a session refresh, or a peer asking for our offer): we offer what we have,
            // a new version, and the answer comes in the ACK (MediaAnchor.OnAck).
            var r = router.CreateResponse(dialog, tx, 200);
            if (leg.LocalSdp is { } sdp)
            {
                sdp.SessionVersion++;
                r.SetBody("application/sdp", sdp.ToString());
            }
            SessionTimers.AddToAnswer(r, leg);
            tx.SendResponse(r);
            return;
        }
        if (!SdpSessionDescription.TryParse(request.BodyText, out var offer, out var error))
        {
            tx.SendResponse(tx.CreateResponse(488, $"Not Acceptable Here (bad SDP: {error})"));
            return;
        }
        var codec = leg.Codec ?? call.Codec ?? SdpCodec.Pcmu;
        var previous = leg.LocalSdp;
        var result = SdpAnswerer.Answer(offer, new SdpLocalMedia(options.MediaAddress, leg.Media.LocalPort, [codec, SdpCodec.TelephoneEvent]),
            previous?.SessionId ?? media.NextSdpSession(), (previous?.SessionVersion ?? 0) + 1);
        if (!result.Succeeded)
        {
            // A failed re-offer leaves the session as it was (RFC 3261 §14.2).
            tx.SendResponse(tx.CreateResponse(488, $"Not Acceptable Here ({result.Failure}; this call uses {codec.Name})"));
            return;
        }
        leg.RemoteSdp = offer;
        leg.LocalSdp = result.Answer;
        var audio = offer.FirstAudio!;
        var holdAddress = offer.ConnectionFor(audio)?.IsHoldAddress == true;
        if (!holdAddress && audio.Port > 0) leg.Media.SetRemote(MediaAnchor.EndPoint(offer));
        var ok = router.CreateResponse(dialog, tx, 200);
        ok.SetBody("application/sdp", result.Answer!.ToString());
        SessionTimers.AddToAnswer(ok, leg);
        tx.SendResponse(ok);
        hold.Set(call, leg, holdAddress || audio.Direction is SdpDirection.SendOnly or SdpDirection.Inactive || audio.Port == 0);
    }
}
