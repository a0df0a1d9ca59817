using SipGateway.Sip.Message;
using SipGateway.Sip.Sdp;
using SipGateway.Sip.Transport;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// Builds the INVITE of an outbound leg: a new dialog (Call-ID, From tag) of the gateway's own, the caller's display
/// name with the calling number after transformations, the called number after transformations, and our SDP offer.
/// </summary>
internal static class OutboundInvite
{
    public static SipRequest Build(CallTarget target, SipRequest inbound, CallControlOptions options, SipEndPoint local, SdpSessionDescription offer,
        (string Number, string Reason, int Counter)? diversion = null, TimeSpan? sessionExpires = null)
    {
        var headers = new SipHeaders();
        var display = inbound.From?.DisplayName;
        var from = new NameAddress(SipUri.Sip(target.CallingNumber.Length > 0 ? target.CallingNumber : "anonymous", options.Domain), display)
        {
            Tag = SipTags.New(),
        };
        var to = new NameAddress(SipUri.Sip(target.CalledNumber, target.Trunk is null ? options.Domain : target.RequestUri.Host));
        headers.Add(HeaderId.From, from.ToString());
        headers.Add(HeaderId.To, to.ToString());
        headers.Add(HeaderId.CallId, SipTags.NewCallId(local.Address.Address.ToString()));
        headers.Add(HeaderId.CSeq, "1 INVITE");
        int maxForwards = inbound.MaxForwards is int mf && mf > 0 ? mf - 1 : 69;
        headers.Add(HeaderId.MaxForwards, maxForwards.ToString());
        var transport = target.Destination.Transport == SipTransportKind.Tcp ? ";transport=tcp" : "";
        headers.Add(HeaderId.Contact, $"<sip:gw@{local.Address}{transport}>");
        if (target.CallingNumber.Length > 0)
            headers.Add(HeaderId.PAssertedIdentity, new NameAddress(SipUri.Sip(target.CallingNumber, options.Domain), display).ToString());
        headers.Add(HeaderId.Allow, "INVITE, ACK, BYE, CANCEL, OPTIONS, UPDATE, INFO, PRACK, REFER, NOTIFY");
        headers.Add(HeaderId.UserAgent, options.UserAgent);
        // A forwarded call says who forwarded it and why (RFC 5806): carriers check it before accepting a calling
        // number that is not theirs, and voicemail uses it to pick the mailbox.
        if (diversion is { } d)
            headers.Add("Diversion", $"<sip:{d.Number}@{options.Domain}>;reason={d.Reason};counter={d.Counter}");
        if (options.SessionExpires <= TimeSpan.Zero) headers.Add(HeaderId.Supported, "100rel");
        else
        {
            // RFC 4028 §7.1: ask for a session timer and let the far end pick the refresher.
            headers.Add(HeaderId.Supported, "100rel, timer");
            var interval = sessionExpires ?? options.SessionExpires;
            headers.Add(HeaderId.SessionExpires, ((int)interval.TotalSeconds).ToString());
            headers.Add("Min-SE", ((int)Math.Max(options.MinSessionExpires.TotalSeconds, interval.TotalSeconds)).ToString());
        }
        var request = new SipRequest(SipMethods.Invite, target.RequestUri.ToString(), headers);
        request.SetBody("application/sdp", offer.ToString());
        return request;
    }
}
