using Microsoft.Extensions.Logging;
using SipGateway.Sip.Message;
using SipGateway.Sip.Sdp;

namespace SipGateway.Calls.Origination;

/// <summary>
/// Hold and retrieve of an originated leg tell its peer too: a re-INVITE offering our media sendonly (we play music
/// on hold, it need not send) and, on retrieve, sendrecv again (RFC 3264 §8.4), each a new SDP version. Our media
/// stays where it is, so the peer's answer changes nothing here.
/// </summary>
public sealed partial class LegOriginator
{
    private void SendHoldOffer(OriginatedLeg leg, bool hold)
    {
        Sip.Dialogs.Dialog? dialog;
        SdpSessionDescription offer;
        lock (leg.Gate)
        {
            if (leg.State != OriginatedLegState.Answered || leg.Dialog is not { } d || leg.LocalSdp is not { } previous) return;
            dialog = d;
            offer = SdpSessionDescription.Parse(previous.ToString());
            offer.SessionVersion = previous.SessionVersion + 1;
            foreach (var media in offer.Media.Where(m => m.Media == "audio" && !m.IsRejected))
                media.Direction = hold ? SdpDirection.SendOnly : SdpDirection.SendRecv;
            leg.LocalSdp = offer;
        }
        var request = dialog.CreateRequest(SipMethods.Invite);
        request.SetBody("application/sdp", offer.ToString());
        var tx = _router.SendRequest(dialog, request);
        tx.FinalResponseReceived += (_, r) =>
        {
            if (r.IsSuccess && r.CSeq is { } cseq) _router.SendAck(dialog, cseq.Number);
            else _log.LogInformation("Originated {Leg}: {What} re-INVITE answered {Status} {Reason}; media stays as it is",
                leg.Id, hold ? "hold" : "retrieve", r.StatusCode, r.ReasonPhrase);
        };
        _log.LogInformation("Originated {Leg}: {What} re-INVITE ({Direction})", leg.Id, hold ? "hold" : "retrieve", hold ? "sendonly" : "sendrecv");
    }
}
