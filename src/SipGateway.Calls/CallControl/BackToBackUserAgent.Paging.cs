using Microsoft.Extensions.Logging;
using SipGateway.Sip.Sdp;
using SipGateway.Sip.Transactions;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// Calls to DialCast numbers (paging): the gateway answers them itself with G.711 mu-law only, as the Cisco Paging
/// Server does, and hands the answered caller's leg to the <see cref="DialCast"/> feature.
/// </summary>
public sealed partial class BackToBackUserAgent
{
    /// <summary>The paging feature, when configured (set by the host).</summary>
    public IDialCastHandler? DialCast { get; set; }

    /// <summary>True when the call was taken by paging (answered or rejected); false: route it normally.</summary>
    private bool TryPage(Call call, ServerTransaction tx, SdpSessionDescription? offer, SessionTimer? sessionTimer, Routing.RoutingDecision decision)
    {
        if (DialCast is not { } handler || decision.Result != Routing.RoutingResult.DirectoryNumber) return false;
        var dn = decision.DirectoryNumber!;
        var page = handler.Reserve(dn.Dn, dn.Partition.Name, out var refusal);
        if (page is null)
        {
            if (refusal is null) return false;
            _teardown.Reject(call, 503, $"Service Unavailable ({refusal})");
            return true;
        }
        // Only mu-law is relayed to the group (the multicast stream is G.711 mu-law), so only mu-law is accepted.
        var local = new SdpLocalMedia(_options.MediaAddress, 0, [SdpCodec.Pcmu, SdpCodec.TelephoneEvent]);
        if (offer is not null && !SdpAnswerer.Answer(offer, local, 1, 1).Succeeded)
        {
            page.End("not answered");
            _teardown.Reject(call, 488, "Not Acceptable Here (paging accepts only G.711 mu-law (PCMU); the offer has none)");
            return true;
        }
        if (!CreateInboundLeg(call, tx, offer, sessionTimer))
        {
            page.End("not answered");
            return true;
        }
        var inbound = call.Inbound!;
        if (offer is not null)
        {
            var result = SdpAnswerer.Answer(offer, local with { Port = inbound.Media.LocalPort }, NextSdpSession(), 1);
            inbound.LocalSdp = result.Answer;
            inbound.Codec = result.Codec;
        }
        else
        {
            // Delayed offer (a UCM trunk's default): mu-law is offered in the 200, the caller answers in the ACK, which
            // sets where the tones go; until then the stall tone is not sent anywhere.
            inbound.LocalSdp = SdpAnswerer.Offer(local with { Port = inbound.Media.LocalPort }, NextSdpSession(), 1);
            inbound.Codec = SdpCodec.Pcmu;
        }
        lock (call.Gate)
        {
            call.Answer(DateTimeOffset.UtcNow);
            call.RouteMember = "DialCast " + dn.Dn;
            call.Page = page;
        }
        var ok = _router.CreateResponse(inbound.Dialog!, call.InboundInvite, 200);
        ok.SetBody("application/sdp", inbound.LocalSdp!.ToString());
        SessionTimers.AddToAnswer(ok, inbound);
        if (!call.InboundInvite.SendResponse(ok))
        {
            _teardown.End(call, 487, "Request Terminated");
            return true;
        }
        _events.Answered(call);
        _sessionTimers.Arm(inbound);
        ApplyLegFormats(inbound);
        inbound.Media.ForwardTelephoneEvents = false;
        inbound.Media.Start();
        _log.AnsweredByPaging(call.Id, dn.Dn);
        page.Start(new DialCastCall(call.Id, dn.Dn, dn.Partition.Name, call.CallingFinal ?? call.CallingOriginal ?? call.Caller.ToString(), inbound.Media));
        return true;
    }

    private static void EndPage(Call call)
    {
        IDialCastPage? page;
        lock (call.Gate)
        {
            page = call.Page;
            call.Page = null;
        }
        page?.End(call.CauseText ?? "call ended");
    }
}
