using Microsoft.Extensions.Logging;
using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Sdp;
using SipGateway.Sip.Transactions;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// Mid-call offers: re-INVITE and UPDATE (RFC 3311) from either side are answered by the gateway itself, because media
/// is anchored: the other side keeps its RTP leg and never sees the change. A hold offer (sendonly, inactive, or the
/// RFC 2543 c=0.0.0.0) stops relaying both ways and gives the other side music on hold; sendrecv resumes.
/// </summary>
public sealed partial class BackToBackUserAgent
{
    private void OnMidCallOffer(ServerTransaction tx, Dialog dialog, CallLeg leg)
    {
        var call = leg.Call;
        var request = tx.Request;
        if (request.Body.IsEmpty)
        {
            // An offerless re-INVITE (§14.1; a session refresh, or a peer asking for our offer): we offer what we have,
            // a new version, and the answer comes in the ACK (handled by OnAck).
            var r = _router.CreateResponse(dialog, tx, 200);
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
        var result = SdpAnswerer.Answer(offer, new SdpLocalMedia(_options.MediaAddress, leg.Media.LocalPort, [codec, SdpCodec.TelephoneEvent]),
            previous?.SessionId ?? NextSdpSession(), (previous?.SessionVersion ?? 0) + 1);
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
        if (!holdAddress && audio.Port > 0) leg.Media.SetRemote(MediaEndPoint(offer));
        var ok = _router.CreateResponse(dialog, tx, 200);
        ok.SetBody("application/sdp", result.Answer!.ToString());
        SessionTimers.AddToAnswer(ok, leg);
        tx.SendResponse(ok);
        SetHeld(call, leg, holdAddress || audio.Direction is SdpDirection.SendOnly or SdpDirection.Inactive || audio.Port == 0);
    }

    /// <summary>Puts the call on hold from <paramref name="holder"/>'s side (or takes it off): no audio either way, and
    /// music on hold to the other side.</summary>
    private void SetHeld(Call call, CallLeg holder, bool held)
    {
        if (!call.HoldFrom(holder, held, out var other)) return;
        _log.HoldChanged(call.Id, holder.IsInbound ? "caller" : "callee", held ? "holds" : "resumes");
        _events.Held(call, held);
        if (held) _audio.StartMusicOnHold(call, other);
        else GeneratedAudio.StopMusicOnHold(call);
    }

    private static CallLeg? OtherLeg(Call call, CallLeg leg) => CallTeardown.OtherLeg(call, leg);
}
