using SipGateway.Sip.Message;

namespace SipGateway.Sip.Tests.Parsing;

public class UriAndAddressTests
{
    [Theory]
    [InlineData("sip:alice@example.com", "sip", "alice", "example.com", null)]
    [InlineData("sips:bob:pw@10.0.0.1:5061;transport=tcp;lr", "sips", "bob", "10.0.0.1", 5061)]
    [InlineData("sip:[2001:db8::1]:5060", "sip", null, "[2001:db8::1]", 5060)]
    [InlineData("sip:1000@127.0.0.1;user=phone?Subject=hi", "sip", "1000", "127.0.0.1", null)]
    [InlineData("tel:+1-408-555-1234;phone-context=example.com", "tel", "+1-408-555-1234", "", null)]
    public void Parses_sip_sips_tel(string text, string scheme, string? user, string host, int? port)
    {
        var uri = SipUri.Parse(text);
        Assert.Equal((scheme, user, host, port), (uri.Scheme, uri.User, uri.Host, uri.Port));
        Assert.Equal(text, uri.ToString());
    }

    [Fact]
    public void Uri_parameters_and_headers()
    {
        var uri = SipUri.Parse("sip:a@b;transport=TCP;lr;maddr=239.255.255.1?Route=%3Csip:x%3E&Subject=y");
        Assert.Equal("TCP", uri.Transport);
        Assert.True(uri.Parameters.Has("LR"));
        Assert.Null(uri.Parameters.Get("lr"));
        Assert.Equal("Route=%3Csip:x%3E&Subject=y", uri.Headers);
    }

    [Theory]
    [InlineData("sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp", true)]
    [InlineData("sip:alice@atlanta.com", "sip:ALICE@atlanta.com", false)]
    [InlineData("sip:alice@atlanta.com", "sip:alice@atlanta.com:5060", false)]
    [InlineData("sip:bob@biloxi.com;transport=udp", "sip:bob@biloxi.com", false)]
    [InlineData("sip:carol@chicago.com;security=on", "sip:carol@chicago.com", true)]
    public void Comparison_follows_rfc3261_19_1_4(string a, string b, bool equal) =>
        Assert.Equal(equal, SipUri.Parse(a).EquivalentTo(SipUri.Parse(b)));

    [Theory]
    [InlineData("sip:a b@c")]
    [InlineData("<sip:a@b>")]
    [InlineData("sip:a@")]
    [InlineData("sip:a@b:99999")]
    [InlineData("nocolon")]
    public void Rejects_bad_uris(string text) => Assert.False(SipUri.TryParse(text, out _));

    [Fact]
    public void Name_address_forms()
    {
        var a = NameAddress.Parse("\"Alice \\\"A\\\"\" <sip:alice@x>;tag=abc");
        Assert.Equal("Alice \"A\"", a.DisplayName);
        Assert.Equal("abc", a.Tag);
        var b = NameAddress.Parse("Bob Smith<sip:bob@y;lr>;expires=60");
        Assert.Equal("Bob Smith", b.DisplayName);
        Assert.True(b.Uri.Parameters.Has("lr"));
        Assert.Equal("60", b.Parameters.Get("expires"));
        var c = NameAddress.Parse("sip:carol@z;tag=9");
        Assert.Equal("9", c.Tag);
        Assert.Empty(c.Uri.Parameters);
        Assert.True(NameAddress.Parse(" * ").IsWildcard);
        var round = NameAddress.Parse(a.ToString());
        Assert.Equal((a.DisplayName, a.Tag), (round.DisplayName, round.Tag));
    }

    [Fact]
    public void Via_with_lws_around_slashes_and_rport()
    {
        Assert.True(ViaHeader.TryParse("SIP / 2.0 / udp host.example.com : 5070 ; branch = z9hG4bKx ; rport", out var via));
        Assert.Equal(("UDP", "host.example.com", 5070, "z9hG4bKx"), (via.Transport, via.Host, via.Port, via.Branch));
        Assert.True(via.HasRport);
        Assert.Null(via.Rport);
        Assert.True(via.HasRfc3261Branch);
        via.Received = "192.0.2.1";
        via.Parameters.Set("rport", "6000");
        Assert.Equal("SIP/2.0/UDP host.example.com:5070;branch=z9hG4bKx;rport=6000;received=192.0.2.1", via.ToString());
        Assert.False(ViaHeader.TryParse("SIP/2.0/UDP 192.0.2.15;;", out _));
    }

    [Fact]
    public void Header_list_split_respects_quotes_and_brackets()
    {
        var parts = HeaderValueList.Split("\"a, b\" <sip:x@y>;p=\"1,2\", <sip:z@w?h=1,2>, sip:q@r");
        Assert.Equal(3, parts.Count);
        Assert.Equal("<sip:z@w?h=1,2>", parts[1]);
    }

    [Fact]
    public void Headers_are_case_insensitive_and_compact_forms_map()
    {
        var m = Parsing_.Msg("OPTIONS sip:a@b SIP/2.0\r\nv: SIP/2.0/UDP h;branch=z9hG4bK2\r\nI: cid\r\nf: <sip:a@b>;tag=1\r\nt: <sip:b@c>\r\nCSEQ: 2 OPTIONS\r\nl: 0\r\n\r\n");
        Assert.Equal("cid", m.CallId);
        Assert.Equal("cid", m.Headers["call-id"]);
        Assert.Equal("1", m.FromTag);
        Assert.Equal(2u, m.CSeq!.Value.Number);
    }
}

internal static class Parsing_
{
    public static SipMessage Msg(string text) => SipGateway.Sip.Parsing.SipParser.ParseText(text);
}
