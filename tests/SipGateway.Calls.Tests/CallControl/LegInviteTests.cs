using System.Net;
using SipGateway.Calls.CallControl;
using SipGateway.Calls.Origination;
using SipGateway.Sip.Core;
using SipGateway.Sip.Message;
using SipGateway.Sip.Parsing;
using SipGateway.Sip.Sdp;
using SipGateway.Sip.Transport;

namespace SipGateway.Calls.Tests.CallControl;

public class LegInviteTests
{
    private static readonly CallControlOptions Options = new() { MediaAddress = "127.0.0.1", Domain = "sipgw.local", UserAgent = "SipGateway-test" };

    private static SipRequest Inbound(string maxForwards = "70") => (SipRequest)SipParser.ParseText(
        "INVITE sip:914085551234@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bKin\r\n" +
        $"Max-Forwards: {maxForwards}\r\nFrom: \"PSTN Caller\" <sip:6505551234@127.0.0.2>;tag=a\r\nTo: <sip:914085551234@127.0.0.1>\r\n" +
        "Call-ID: in1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n");

    [Fact]
    public void Carries_transformed_numbers_a_new_dialog_and_our_offer()
    {
        var target = new CallTarget("GW", SipUri.Parse("sip:14085551234@127.0.0.1:5090"),
            new SipEndPoint(SipTransportKind.Udp, IPEndPoint.Parse("127.0.0.1:5090")), "14085551234", "4085551234", "GW");
        var offer = SdpAnswerer.Offer(new SdpLocalMedia("127.0.0.1", 20002, [SdpCodec.Pcmu]), 1, 1);
        var invite = LegInvite.ForCall(target, Inbound(), Options, new SipEndPoint(SipTransportKind.Udp, IPEndPoint.Parse("127.0.0.1:5060")), offer);

        var parsed = (SipRequest)SipParser.ParseText(invite.ToString());
        Assert.Equal("sip:14085551234@127.0.0.1:5090", parsed.RequestUriText);
        Assert.Equal("4085551234", parsed.From!.Uri.User);
        Assert.Equal("PSTN Caller", parsed.From.DisplayName);
        Assert.NotNull(parsed.FromTag);
        Assert.Null(parsed.ToTag);
        Assert.NotEqual("in1", parsed.CallId);
        Assert.Equal(69, parsed.MaxForwards);
        Assert.Contains("4085551234", parsed.Headers[HeaderId.PAssertedIdentity]);
        Assert.Equal("application/sdp", parsed.ContentType);
        Assert.Equal(20002, SdpSessionDescription.Parse(parsed.BodyText).FirstAudio!.Port);
    }

    [Fact]
    public void Tcp_targets_get_a_tcp_contact()
    {
        var target = new CallTarget("GW", SipUri.Parse("sip:1@127.0.0.1:5090;transport=tcp"),
            new SipEndPoint(SipTransportKind.Tcp, IPEndPoint.Parse("127.0.0.1:5090")), "1", "", "GW");
        var invite = LegInvite.ForCall(target, Inbound(), Options, new SipEndPoint(SipTransportKind.Tcp, IPEndPoint.Parse("127.0.0.1:5060")),
            SdpAnswerer.Offer(new SdpLocalMedia("127.0.0.1", 20004, [SdpCodec.Pcmu]), 1, 1));
        Assert.Contains("transport=tcp", invite.Headers[HeaderId.Contact]);
        Assert.StartsWith("\"PSTN Caller\" <sip:anonymous@", invite.Headers[HeaderId.From]);
    }

    private static readonly SipEndPoint Local = new(SipTransportKind.Udp, IPEndPoint.Parse("127.0.0.1:5060"));

    private static SdpSessionDescription Offer(SdpDirection direction = SdpDirection.SendRecv) =>
        SdpAnswerer.Offer(new SdpLocalMedia("127.0.0.1", 20006, [SdpCodec.Pcmu]), 1, 1, direction);

    private static CallTarget Member() => new("GW", SipUri.Parse("sip:14085551234@127.0.0.1:5090"),
        new SipEndPoint(SipTransportKind.Udp, IPEndPoint.Parse("127.0.0.1:5090")), "14085551234", "4085551234", "GW");

    [Fact]
    public void Every_leg_advertises_the_one_allow_list_the_uas_answers_with()
    {
        var call = LegInvite.ForCall(Member(), Inbound(), Options, Local, Offer());
        var originated = LegInvite.ForOriginated(Member(), new PartyIdentity("Voice Connect", "4085550100"), Options, Local, Offer());

        Assert.Equal(UasCapabilities.Default.AllowHeader, call.Headers[HeaderId.Allow]);
        Assert.Equal(UasCapabilities.Default.AllowHeader, originated.Headers[HeaderId.Allow]);
        Assert.Contains("REFER", call.Headers[HeaderId.Allow]);
    }

    [Fact]
    public void A_call_leg_asks_for_a_session_timer_and_names_the_diversion()
    {
        var invite = LegInvite.ForCall(Member(), Inbound(), Options with { SessionExpires = TimeSpan.FromSeconds(1800) }, Local, Offer(),
            ("1000", "no-answer", 1), TimeSpan.FromSeconds(3600));

        Assert.Equal("100rel, timer", invite.Headers[HeaderId.Supported]);
        Assert.Equal("3600", invite.Headers[HeaderId.SessionExpires]);
        Assert.Equal("3600", invite.Headers["Min-SE"]);
        Assert.Equal("<sip:1000@sipgw.local>;reason=no-answer;counter=1", invite.Headers["Diversion"]);
    }

    [Fact]
    public void A_retry_after_422_keeps_the_dialog_with_the_next_cseq()
    {
        var refused = LegInvite.ForCall(Member(), Inbound(), Options, Local, Offer());
        var retry = LegInvite.ForCall(Member(), Inbound(), Options, Local, Offer());
        LegInvite.RetryOf(retry, refused);

        var parsed = (SipRequest)SipParser.ParseText(retry.ToString());
        Assert.Equal(refused.CallId, parsed.CallId);
        Assert.Equal(((SipRequest)SipParser.ParseText(refused.ToString())).FromTag, parsed.FromTag);
        Assert.Equal(2u, parsed.CSeq!.Value.Number);
    }

    [Fact]
    public void An_originated_leg_presents_the_chosen_party_without_a_session_timer()
    {
        var invite = LegInvite.ForOriginated(Member(), new PartyIdentity("Voice Connect", "4085550100"), Options, Local, Offer());

        var parsed = (SipRequest)SipParser.ParseText(invite.ToString());
        Assert.Equal("Voice Connect", parsed.From!.DisplayName);
        Assert.Equal("4085550100", parsed.From.Uri.User);
        Assert.Contains("sip:4085550100@sipgw.local", parsed.Headers[HeaderId.PAssertedIdentity]);
        Assert.Equal(70, parsed.MaxForwards);
        Assert.Null(parsed.Headers[HeaderId.SessionExpires]);
        Assert.Null(parsed.Headers["Call-Info"]);
    }

    [Fact]
    public void An_auto_answer_leg_asks_the_phone_to_answer_and_names_its_contact_in_to()
    {
        var contact = SipUri.Parse("sip:phone1@127.0.0.1:5072;transport=tcp");
        var target = new CallTarget("SEP1", contact, new SipEndPoint(SipTransportKind.Tcp, IPEndPoint.Parse("127.0.0.1:5072")), "", "paging", null, "SEP1");
        var invite = LegInvite.ForOriginated(target, new PartyIdentity("Page 7000", "paging"), Options,
            new SipEndPoint(SipTransportKind.Tcp, IPEndPoint.Parse("127.0.0.1:5060")), Offer(SdpDirection.SendOnly), autoAnswer: true);

        var parsed = (SipRequest)SipParser.ParseText(invite.ToString());
        Assert.Equal("<sip:sipgw.local>;answer-after=0", parsed.Headers["Call-Info"]);
        Assert.Equal("auto-answer", parsed.Headers["Alert-Info"]);
        Assert.Equal(contact.ToString(), parsed.RequestUriText);
        Assert.Equal(contact.ToString(), parsed.To!.Uri.ToString());
        Assert.StartsWith("\"Page 7000\" <sip:paging@sipgw.local>", parsed.Headers[HeaderId.From]);
        Assert.Contains("transport=tcp", parsed.Headers[HeaderId.Contact]);
        Assert.Equal(SdpDirection.SendOnly, SdpSessionDescription.Parse(parsed.BodyText).FirstAudio!.Direction);
    }
}
