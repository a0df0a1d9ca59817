using SipGateway.Sip.Message;

namespace SipGateway.Sip.Transactions;

/// <summary>Builds the ACK the INVITE client transaction sends for a 300–699 response (RFC 3261 §17.1.1.3).</summary>
public static class AckRequestBuilder
{
    public static SipRequest ForNonSuccess(SipRequest invite, SipResponse response)
    {
        // §17.1.1.3: Request-URI, Call-ID, From and CSeq number of the INVITE; only its top Via, so the ACK carries
        // the INVITE's branch and lands in the same server transaction; To from the response (it holds the tag);
        // the INVITE's Route headers, since the ACK must take the same path.
        var ack = new SipRequest(SipMethods.Ack, invite.RequestUriText);
        var h = ack.Headers;
        h.Add(HeaderId.Via, CancelRequestBuilder.FirstVia(invite));
        foreach (var route in invite.Headers.GetFields(HeaderId.Route)) h.Add(HeaderId.Route, route);
        h.Add(HeaderId.MaxForwards, "70");
        h.Add(HeaderId.From, invite.Headers[HeaderId.From]!);
        h.Add(HeaderId.To, response.Headers[HeaderId.To]!);
        h.Add(HeaderId.CallId, invite.CallId!);
        h.Add(HeaderId.CSeq, $"{invite.CSeq!.Value.Number} {SipMethods.Ack}");
        return ack;
    }
}
