using Microsoft.Extensions.Logging;
using SipGateway.Calls.CallControl;
using SipGateway.Routing;
using SipGateway.Sip.Sdp;

namespace SipGateway.Features.Paging;

/// <summary>
/// Calls to DialCast numbers (paging), taken after digit analysis: a DialCast number is an ordinary directory number
/// in a partition, so callers reach it through their CSS and trunks can send pages (UCM design guide, Cisco Paging
/// Server: basic paging). The gateway answers the caller itself with G.711 mu-law only, as the Paging Server does
/// (the multicast stream is mu-law), and the reserved page gets the answered leg; a page that cannot start now is
/// refused with 503 and the reason.
/// </summary>
public sealed class DialCastRouteHandler(PagingServer server) : ICallRouteHandler
{
    private static readonly IReadOnlyList<SdpCodec> MuLawOnly = [SdpCodec.Pcmu];

    public CallRouteResult TryHandle(Call call, RoutingDecision decision)
    {
        if (decision.Result != RoutingResult.DirectoryNumber) return CallRouteResult.NotHandled;
        var dn = decision.DirectoryNumber!;
        var page = server.Reserve(dn.Dn, dn.Partition.Name, out var refusal);
        if (page is null)
            return refusal is null ? CallRouteResult.NotHandled : CallRouteResult.Reject(503, $"Service Unavailable ({refusal})");
        return CallRouteResult.Answer(new LocalAnswer(MuLawOnly, new PageCallee(page, dn.Dn, dn.Partition.Name, server.Log))
        {
            NotAcceptableReason = "Not Acceptable Here (paging accepts only G.711 mu-law (PCMU); the offer has none)",
            RouteMember = "DialCast " + dn.Dn,
            // The caller's voice goes to the group; its digits do not.
            ForwardTelephoneEvents = false,
        });
    }

    /// <summary>The page as the far end of the answered call: started with the caller's leg, ended with the call.</summary>
    private sealed class PageCallee(IDialCastPage page, string number, string? partition, ILogger log) : ILocalCallee
    {
        public void Answered(LocallyAnsweredCall call)
        {
            log.AnsweredByPaging(call.CallId, number);
            page.Start(new DialCastCall(call.CallId, number, partition, call.CallingNumber, call.Media));
        }

        public void Ended(string cause) => page.End(cause);
    }
}
