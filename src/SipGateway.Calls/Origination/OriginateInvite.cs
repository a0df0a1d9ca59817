using SipGateway.Calls.CallControl;
using SipGateway.Sip.Message;
using SipGateway.Sip.Sdp;
using SipGateway.Sip.Transport;

namespace SipGateway.Calls.Origination;

/// <summary>
/// The INVITE of a leg the gateway originates: a new dialog, the calling party the feature chose (e.g. "Voice Connect"
/// and the trunk's DID toward a remote destination, RFC 3261 §8.1.1.3 From; RFC 3325 P-Asserted-Identity), and our offer.
/// </summary>
internal static class OriginateInvite
{
    public static SipRequest Build(CallTarget target, PartyIdentity from, CallControlOptions options, SipEndPoint local, SdpSessionDescription offer)
    {
        var headers = new SipHeaders();
        var caller = new NameAddress(SipUri.Sip(from.Number.Length > 0 ? from.Number : "anonymous", options.Domain), from.DisplayName) { Tag = SipTags.New() };
        headers.Add(HeaderId.From, caller.ToString());
        headers.Add(HeaderId.To, new NameAddress(SipUri.Sip(target.CalledNumber, target.Trunk is null ? options.Domain : target.RequestUri.Host)).ToString());
        headers.Add(HeaderId.CallId, SipTags.NewCallId(local.Address.Address.ToString()));
        headers.Add(HeaderId.CSeq, "1 INVITE");
        headers.Add(HeaderId.MaxForwards, "70");
        var transport = target.Destination.Transport == SipTransportKind.Tcp ? ";transport=tcp" : "";
        headers.Add(HeaderId.Contact, $"<sip:gw@{local.Address}{transport}>");
        if (from.Number.Length > 0)
            headers.Add(HeaderId.PAssertedIdentity, new NameAddress(SipUri.Sip(from.Number, options.Domain), from.DisplayName).ToString());
        headers.Add(HeaderId.Allow, "INVITE, ACK, BYE, CANCEL, OPTIONS, UPDATE, INFO, NOTIFY");
        headers.Add(HeaderId.UserAgent, options.UserAgent);
        var request = new SipRequest(SipMethods.Invite, target.RequestUri.ToString(), headers);
        request.SetBody("application/sdp", offer.ToString());
        return request;
    }
}
