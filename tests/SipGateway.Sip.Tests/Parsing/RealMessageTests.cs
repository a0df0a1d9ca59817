using SipGateway.Sip.Core;
using SipGateway.Sip.Message;
using SipGateway.Sip.Parsing;

namespace SipGateway.Sip.Tests.Parsing;

/// <summary>Messages captured from real products (data/real-messages/SOURCES.md) parse, validate and round-trip.</summary>
public class RealMessageTests
{
    [Theory]
    [MemberData(nameof(Corpus.RealFiles), MemberType = typeof(Corpus))]
    public void Parses_validates_and_round_trips(string file)
    {
        var r = SipParser.ParseDatagram(Corpus.Real(file));
        Assert.Equal(SipParseStatus.Ok, r.Status);
        var m = r.Message!;
        if (m is SipRequest req) Assert.Null(SipRequestValidator.Validate(req));
        else Assert.Null(SipResponseValidator.Validate((SipResponse)m));
        var again = SipParser.ParseDatagram(SipSerializer.Serialize(m));
        Assert.Equal(SipParseStatus.Ok, again.Status);
        MessageAssert.Equivalent(m, again.Message!);
        var decision = SipReceiveDecision.Decide(r, UasCapabilities.Default, "t");
        Assert.Equal(m.IsRequest ? SipReceiveAction.DeliverRequest : SipReceiveAction.DeliverResponse, decision.Action);
    }

    [Fact]
    public void Cucm_delayed_offer_invite_has_no_body_and_repeated_supported()
    {
        var req = (SipRequest)SipParser.ParseDatagram(Corpus.Real("cisco-cucm10.5-invite.txt")).Message!;
        Assert.Equal("INVITE", req.Method);
        Assert.Equal(0, req.Body.Length);
        Assert.True(req.Headers.CountOf(HeaderId.Supported) > 1);
        Assert.Contains("timer", req.Headers.GetValues(HeaderId.Supported));
        Assert.Equal("8675309", req.RequestUri!.User);
        Assert.True(req.From!.Uri.Parameters.Has("x-nearend"));
    }

    [Fact]
    public void Cucm_tcp_invite_via_transport()
    {
        var req = SipParser.ParseDatagram(Corpus.Real("cisco-cucm11.5-invite.txt")).Message!;
        Assert.Equal("TCP", req.TopVia!.Transport);
        Assert.Equal("agent2-4002", req.From!.DisplayName);
    }

    [Fact]
    public void Asterisk_invite_body_matches_content_length_with_odd_spacing()
    {
        var req = SipParser.ParseDatagram(Corpus.Real("asterisk-fpbx16-invite.txt")).Message!;
        Assert.Equal(428, req.Body.Length);
        Assert.StartsWith("v=0", req.BodyText);
        Assert.True(req.TopVia!.HasRport);
    }

    [Fact]
    public void Freeswitch_compact_401_without_spaces()
    {
        var resp = (SipResponse)SipParser.ParseDatagram(Corpus.Real("djangopbx-freeswitch-401-compact.txt")).Message!;
        Assert.Equal(401, resp.StatusCode);
        Assert.Equal("4_723949779@10.6.1.14", resp.CallId);
        Assert.Equal("N37Nt6r4rH1rg", resp.ToTag);
        Assert.Equal(5060, resp.TopVia!.Rport);
        Assert.Contains("Digest", resp.Headers[HeaderId.WwwAuthenticate]);
    }

    [Fact]
    public void Auto_answer_invite_carries_answer_after()
    {
        var req = SipParser.ParseDatagram(Corpus.Real("intraswitch-invite-answer-after.txt")).Message!;
        var callInfo = NameAddress.Parse(req.Headers.GetValues(HeaderId.CallInfo)[0]);
        Assert.Equal("0", callInfo.Parameters.Get("answer-after"));
        Assert.Equal(2, req.Vias.Count);
    }

    [Fact]
    public void Polycom_register_contact_keeps_quoted_methods_param()
    {
        var req = SipParser.ParseDatagram(Corpus.Real("polycom-vvx350-register.txt")).Message!;
        var contact = NameAddress.Parse(req.Headers.GetValues(HeaderId.Contact)[0]);
        Assert.StartsWith("\"", contact.Parameters.Get("methods"));
        Assert.Contains("response=\"ab709ea589a580790e2e1cea141f7107\"", req.Headers[HeaderId.Authorization]);
    }

    [Fact]
    public void Zoiper_display_name_without_space_before_angle()
    {
        var req = SipParser.ParseDatagram(Corpus.Real("zoiper-2.10-register.txt")).Message!;
        Assert.Equal("1002", req.To!.DisplayName);
        Assert.Equal("UDP", req.To.Uri.Transport);
    }
}
