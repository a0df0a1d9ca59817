using System.Net;
using SipGateway.Calls.CallControl;
using SipGateway.Sip.Message;
using SipGateway.Sip.Parsing;
using SipGateway.Sip.Sdp;
using SipGateway.Sip.Transport;

namespace SipGateway.Calls.Tests.CallControl;

public class OutboundInviteTests
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
        var invite = OutboundInvite.Build(target, Inbound(), Options, new SipEndPoint(SipTransportKind.Udp, IPEndPoint.Parse("127.0.0.1:5060")), offer);

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
        var invite = OutboundInvite.Build(target, Inbound(), Options, new SipEndPoint(SipTransportKind.Tcp, IPEndPoint.Parse("127.0.0.1:5060")),
            SdpAnswerer.Offer(new SdpLocalMedia("127.0.0.1", 20004, [SdpCodec.Pcmu]), 1, 1));
        Assert.Contains("transport=tcp", invite.Headers[HeaderId.Contact]);
        Assert.StartsWith("\"PSTN Caller\" <sip:anonymous@", invite.Headers[HeaderId.From]);
    }
}
