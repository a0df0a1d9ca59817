using SipGateway.Sip.Message;

namespace SipGateway.Sip.Transactions;

/// <summary>Builds the CANCEL for an INVITE we sent (RFC 3261 §9.1).</summary>
public static class CancelRequestBuilder
{
    /// <param name="reason">An optional Reason header value (RFC 3326), e.g. <c>SIP;cause=200;text="Call completed elsewhere"</c>.</param>
    public static SipRequest Build(SipRequest invite, string? reason = null)
    {
        // §9.1: same Request-URI, Call-ID, To, From and CSeq number as the INVITE, only its top Via (so the
        // CANCEL reaches the same server transaction), and its Route headers.
        var cancel = new SipRequest(SipMethods.Cancel, invite.RequestUriText);
        var h = cancel.Headers;
        h.Add(HeaderId.Via, FirstVia(invite));
        foreach (var route in invite.Headers.GetFields(HeaderId.Route)) h.Add(HeaderId.Route, route);
        h.Add(HeaderId.MaxForwards, "70");
        h.Add(HeaderId.From, invite.Headers[HeaderId.From]!);
        h.Add(HeaderId.To, invite.Headers[HeaderId.To]!);
        h.Add(HeaderId.CallId, invite.CallId!);
        h.Add(HeaderId.CSeq, $"{invite.CSeq!.Value.Number} {SipMethods.Cancel}");
        if (reason is not null) h.Add("Reason", reason);
        return cancel;
    }

    internal static string FirstVia(SipRequest request) => HeaderValueList.Split(request.Headers[HeaderId.Via]!)[0];
}
