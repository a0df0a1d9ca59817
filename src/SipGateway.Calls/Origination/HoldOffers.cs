using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SipGateway.Sip.Message;
using SipGateway.Sip.Sdp;

namespace SipGateway.Calls.Origination;

/// <summary>
/// Hold and retrieve of an originated leg tell its peer too: a re-INVITE offering our media sendonly (we play music
/// on hold, it need not send) and, on retrieve, sendrecv again (RFC 3264 §8.4), each a new SDP version. Our media
/// stays where it is, so the peer's answer changes nothing here. One re-INVITE at a time per dialog (RFC 3261 §14.1):
/// a change while one is outstanding is sent when it completes.
/// </summary>
internal sealed class HoldOffers(Sip.Dialogs.DialogRouter router, ILogger log)
{
    /// <summary>Legs with a hold/retrieve re-INVITE in flight, and the direction to offer next (null: none queued).</summary>
    private readonly ConcurrentDictionary<OriginatedLeg, HoldOffer> _holdOffers = new();

    private sealed class HoldOffer
    {
        public bool? Queued;
    }

    public void Send(OriginatedLeg leg, bool hold)
    {
        Sip.Dialogs.Dialog? dialog;
        SdpSessionDescription offer;
        lock (leg.Gate)
        {
            if (leg.State != OriginatedLegState.Answered || leg.Dialog is not { } d || leg.LocalSdp is not { } previous) return;
            if (_holdOffers.TryGetValue(leg, out var inFlight))
            {
                inFlight.Queued = hold;
                return;
            }
            _holdOffers[leg] = new HoldOffer();
            dialog = d;
            offer = SdpSessionDescription.Parse(previous.ToString());
            offer.SessionVersion = previous.SessionVersion + 1;
            foreach (var media in offer.Media.Where(m => m.Media == "audio" && !m.IsRejected))
                media.Direction = hold ? SdpDirection.SendOnly : SdpDirection.SendRecv;
            leg.LocalSdp = offer;
        }
        var request = dialog.CreateRequest(SipMethods.Invite);
        request.SetBody("application/sdp", offer.ToString());
        var tx = router.SendRequest(dialog, request);
        log.HoldOfferSent(leg.Id, hold ? "hold" : "retrieve", hold ? "sendonly" : "sendrecv");
        // The task, not the event: a fast 200 may arrive before a handler could be attached.
        tx.FinalResponse.ContinueWith(t =>
        {
            if (t.IsCompletedSuccessfully && t.Result is { IsSuccess: true, CSeq: { } cseq }) router.SendAck(dialog, cseq.Number);
            else log.HoldOfferRefused(leg.Id, hold ? "hold" : "retrieve",
                t.IsCompletedSuccessfully ? $"{t.Result.StatusCode} {t.Result.ReasonPhrase}" : "no answer");
            bool? next;
            lock (leg.Gate)
            {
                next = _holdOffers.TryRemove(leg, out var done) ? done.Queued : null;
                if (next == hold) next = null; // toggled back meanwhile: the peer already has this direction
            }
            if (next is { } again) Send(leg, again);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
