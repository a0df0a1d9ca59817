using SipGateway.Calls.Origination;
using SipGateway.Sip.Core;
using SipGateway.Sip.Message;
using SipGateway.Sip.Sdp;
using SipGateway.Sip.Transport;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// Builds every INVITE that opens a leg from the gateway: a new dialog of its own (Call-ID, From tag), the calling
/// party, the called number after transformations, one Allow list, and our SDP offer. A B2BUA leg (route member,
/// registered contact, transfer target) presents the caller; a leg the gateway originates presents the party the
/// feature chose, and may ask the phone to answer by itself.
/// </summary>
internal static class LegInvite
{
    /// <summary>One Allow list: what the gateway's UAS implements, the list OPTIONS and 405 responses carry too.</summary>
    public static readonly string Allow = UasCapabilities.Default.AllowHeader;

    /// <summary>A B2BUA leg: the caller's display name with the calling number after transformations, Max-Forwards one
    /// less than the caller's (RFC 3261 §16.6 step 3, as a proxy would), a session timer, and a Diversion when forwarded.</summary>
    public static SipRequest ForCall(CallTarget target, SipRequest inbound, CallControlOptions options, SipEndPoint local, SdpSessionDescription offer,
        (string Number, string Reason, int Counter)? diversion = null, TimeSpan? sessionExpires = null) =>
        Build(target, inbound.From?.DisplayName, target.CallingNumber, inbound.MaxForwards is int mf && mf > 0 ? mf - 1 : 69, options, local, offer,
            diversion, sessionTimer: true, sessionExpires, autoAnswer: false);

    /// <summary>A leg the gateway originates: From and P-Asserted-Identity name <paramref name="from"/> (RFC 3261
    /// §8.1.1.3, RFC 3325), no session timer (the leg has nobody to refresh for).</summary>
    /// <param name="autoAnswer">Ask the phone to answer at once: Call-Info answer-after=0 (the de-facto auto-answer
    /// parameter, as in RFC 5373's discussion of Call-Info/Alert-Info) and Alert-Info: auto-answer.</param>
    public static SipRequest ForOriginated(CallTarget target, PartyIdentity from, CallControlOptions options, SipEndPoint local, SdpSessionDescription offer,
        bool autoAnswer = false) =>
        Build(target, from.DisplayName, from.Number, 70, options, local, offer, diversion: null, sessionTimer: false, sessionExpires: null, autoAnswer);

    /// <summary>RFC 4028 §7.4: the INVITE sent again after a 422 keeps the refused one's Call-ID and From tag, with the next CSeq.</summary>
    public static void RetryOf(SipRequest invite, SipRequest refused)
    {
        invite.Headers.Set(HeaderId.CallId, refused.CallId!);
        invite.Headers.Set(HeaderId.From, refused.Headers[HeaderId.From]!);
        invite.Headers.Set(HeaderId.CSeq, $"{refused.CSeq!.Value.Number + 1} INVITE");
    }

    private static SipRequest Build(CallTarget target, string? display, string number, int maxForwards, CallControlOptions options, SipEndPoint local,
        SdpSessionDescription offer, (string Number, string Reason, int Counter)? diversion, bool sessionTimer, TimeSpan? sessionExpires, bool autoAnswer)
    {
        var headers = new SipHeaders();
        var from = new NameAddress(SipUri.Sip(number.Length > 0 ? number : "anonymous", options.Domain), display) { Tag = SipTags.New() };
        // No called number: a contact called as such (an auto-answer page), named in To as in the Request-URI.
        var to = target.CalledNumber.Length == 0 ? new NameAddress(target.RequestUri)
            : new NameAddress(SipUri.Sip(target.CalledNumber, target.Trunk is null ? options.Domain : target.RequestUri.Host));
        headers.Add(HeaderId.From, from.ToString());
        headers.Add(HeaderId.To, to.ToString());
        headers.Add(HeaderId.CallId, SipTags.NewCallId(local.Address.Address.ToString()));
        headers.Add(HeaderId.CSeq, "1 INVITE");
        headers.Add(HeaderId.MaxForwards, maxForwards.ToString());
        var transport = target.Destination.Transport == SipTransportKind.Tcp ? ";transport=tcp" : "";
        headers.Add(HeaderId.Contact, $"<sip:gw@{local.Address}{transport}>");
        if (number.Length > 0)
            headers.Add(HeaderId.PAssertedIdentity, new NameAddress(SipUri.Sip(number, options.Domain), display).ToString());
        headers.Add(HeaderId.Allow, Allow);
        headers.Add(HeaderId.UserAgent, options.UserAgent);
        if (autoAnswer)
        {
            headers.Add("Call-Info", $"<sip:{options.Domain}>;answer-after=0");
            headers.Add("Alert-Info", "auto-answer");
        }
        // A forwarded call says who forwarded it and why (RFC 5806): carriers check it before accepting a calling
        // number that is not theirs, and voicemail uses it to pick the mailbox.
        if (diversion is { } d)
            headers.Add("Diversion", $"<sip:{d.Number}@{options.Domain}>;reason={d.Reason};counter={d.Counter}");
        if (sessionTimer)
        {
            if (options.SessionExpires <= TimeSpan.Zero) headers.Add(HeaderId.Supported, "100rel");
            else
            {
                // RFC 4028 §7.1: ask for a session timer and let the far end pick the refresher.
                headers.Add(HeaderId.Supported, "100rel, timer");
                var interval = sessionExpires ?? options.SessionExpires;
                headers.Add(HeaderId.SessionExpires, ((int)interval.TotalSeconds).ToString());
                headers.Add("Min-SE", ((int)Math.Max(options.MinSessionExpires.TotalSeconds, interval.TotalSeconds)).ToString());
            }
        }
        var request = new SipRequest(SipMethods.Invite, target.RequestUri.ToString(), headers);
        request.SetBody("application/sdp", offer.ToString());
        return request;
    }
}
