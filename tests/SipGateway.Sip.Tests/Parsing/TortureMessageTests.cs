using SipGateway.Sip.Core;
using SipGateway.Sip.Message;
using SipGateway.Sip.Parsing;

namespace SipGateway.Sip.Tests.Parsing;

/// <summary>
/// Every RFC 4475 torture message through the stack's receive pipeline: parse, validate, UAS inspection.
/// The expected outcome of each is the RFC's own (data/rfc4475/EXPECTED.tsv); "pass" means the request
/// reaches the transaction user (OPTIONS/REGISTER/INVITE handling), "drop" that nothing is answered.
/// </summary>
public class TortureMessageTests
{
    private static readonly Dictionary<string, string> Expected = new()
    {
        ["wsinv"] = "pass", ["intmeth"] = "501", ["esc01"] = "pass", ["escnull"] = "pass", ["esc02"] = "501",
        ["lwsdisp"] = "pass", ["longreq"] = "pass", ["dblreq"] = "pass", ["semiuri"] = "pass", ["transports"] = "pass",
        ["mpart01"] = "405", ["unreason"] = "response", ["noreason"] = "response", ["badinv01"] = "400",
        ["clerr"] = "400", ["ncl"] = "400", ["scalar02"] = "400", ["scalarlg"] = "drop", ["quotbal"] = "400",
        ["ltgtruri"] = "400", ["lwsruri"] = "400", ["lwsstart"] = "400", ["trws"] = "400", ["escruri"] = "400",
        ["baddate"] = "pass", ["regbadct"] = "400", ["badaspec"] = "400", ["baddn"] = "400", ["badvers"] = "505",
        ["mismatch01"] = "400", ["mismatch02"] = "501", ["bigcode"] = "drop", ["badbranch"] = "pass", ["insuf"] = "400",
        ["unkscm"] = "416", ["novelsc"] = "416", ["unksm2"] = "pass", ["bext01"] = "420", ["invut"] = "415",
        ["regaut01"] = "pass", ["multi01"] = "400", ["mcl01"] = "400", ["bcast"] = "response", ["zeromf"] = "pass",
        ["cparam01"] = "pass", ["cparam02"] = "pass", ["regescrt"] = "pass", ["sdp01"] = "406", ["inv2543"] = "pass",
        ["test"] = "drop",
    };

    [Fact]
    public void Table_covers_all_fifty_messages()
    {
        var names = Corpus.TortureNames().Select(o => (string)o[0]).ToList();
        Assert.Equal(50, names.Count);
        Assert.Equal(names.OrderBy(n => n), Expected.Keys.OrderBy(n => n));
    }

    [Theory]
    [MemberData(nameof(Corpus.TortureNames), MemberType = typeof(Corpus))]
    public void Stack_answers_as_the_rfc_says(string name)
    {
        var outcome = ReceivePipeline.Process(Corpus.Torture(name));
        Assert.Equal(Expected[name], outcome.Kind);
    }

    [Theory]
    [MemberData(nameof(Corpus.TortureNames), MemberType = typeof(Corpus))]
    public void Parseable_messages_round_trip(string name)
    {
        var first = SipParser.ParseDatagram(Corpus.Torture(name));
        if (first.Status != SipParseStatus.Ok) return; // invalid framing: nothing to round-trip, asserted above
        var bytes = SipSerializer.Serialize(first.Message!);
        var second = SipParser.ParseDatagram(bytes);
        Assert.Equal(SipParseStatus.Ok, second.Status);
        MessageAssert.Equivalent(first.Message!, second.Message!);
    }

    [Fact]
    public void Wsinv_unfolds_and_keeps_unusual_values()
    {
        var req = (SipRequest)SipParser.ParseDatagram(Corpus.Torture("wsinv")).Message!;
        Assert.Equal("INVITE", req.Method);
        Assert.Equal("newfangled value continued newfangled value", req.Headers["NewFangledHeader"]);
        Assert.Equal(";;,,;;,;", req.Headers["UnknownHeaderWithUnusualValue"]);
        Assert.Equal(68, req.MaxForwards);
        Assert.Equal(new CSeqHeader(9, "INVITE"), req.CSeq);
        Assert.Equal("98asjd8", req.FromTag);
        Assert.Equal("1918181833n", req.ToTag);
        Assert.Equal("J Rosenberg \\\"", req.From!.DisplayName);
        var vias = req.Vias;
        Assert.Equal(3, vias.Count);
        Assert.Equal(("UDP", "192.0.2.2", "390skdjuw"), (vias[0].Transport, vias[0].Host, vias[0].Branch));
        Assert.Equal(("TCP", "spindle.example.com", "z9hG4bK9ikj8"), (vias[1].Transport, vias[1].Host, vias[1].Branch));
        Assert.Equal("z9hG4bK30239", vias[2].Branch);
        var contact = NameAddress.Parse(req.Headers.GetValues(HeaderId.Contact).Single());
        Assert.Equal("Quoted string \"\"", contact.DisplayName);
        Assert.Equal("0.33", contact.Parameters.Get("q"));
        Assert.Equal("newvalue", contact.Parameters.Get("newparam"));
        Assert.Equal("", req.Headers["s"]);
        Assert.Equal(150, req.Body.Length);
    }

    [Fact]
    public void Escapes_decode_once_and_are_not_recursive()
    {
        var req = (SipRequest)SipParser.ParseDatagram(Corpus.Torture("esc01")).Message!;
        Assert.Equal("sips:user@example.com", req.RequestUri!.UserUnescaped);
        Assert.Equal("example.net", req.RequestUri.Host);
        Assert.Equal("user", req.To!.Uri.UserUnescaped);
        Assert.Equal("I have spaces", req.From!.Uri.UserUnescaped);
        Assert.Equal("value%41", Lexer.Unescape("value%25%34%31"));
    }

    [Fact]
    public void Esc02_is_an_unknown_method_with_two_contacts()
    {
        var req = (SipRequest)SipParser.ParseDatagram(Corpus.Torture("esc02")).Message!;
        Assert.Equal("RE%47IST%45R", req.Method);
        Assert.Equal(2, req.Headers.GetValues(HeaderId.Contact).Count);
        Assert.Equal("%Z%45", req.From!.DisplayName ?? req.To!.DisplayName);
    }

    [Fact]
    public void Semicolons_in_user_part_stay_in_the_user()
    {
        var req = (SipRequest)SipParser.ParseDatagram(Corpus.Torture("semiuri")).Message!;
        Assert.Equal("user;par=u@example.net", req.RequestUri!.UserUnescaped);
        Assert.Equal("example.com", req.RequestUri.Host);
    }

    [Fact]
    public void Dblreq_ignores_trailing_octets_of_a_datagram()
    {
        var r = SipParser.ParseDatagram(Corpus.Torture("dblreq"));
        Assert.Equal(SipParseStatus.Ok, r.Status);
        Assert.Equal("REGISTER", ((SipRequest)r.Message!).Method);
        Assert.Equal(0, r.Message!.Body.Length);
        Assert.DoesNotContain("INVITE", r.Message.ToString());
    }

    [Fact]
    public void Mpart01_frames_a_binary_body_by_content_length()
    {
        var r = SipParser.ParseDatagram(Corpus.Torture("mpart01"));
        Assert.Equal(SipParseStatus.Ok, r.Status);
        Assert.Equal(553, r.Message!.Body.Length);
        Assert.Contains((byte)0, r.Message.Body.ToArray());
    }

    [Fact]
    public void Contact_header_param_vs_uri_param()
    {
        var c1 = NameAddress.Parse(((SipRequest)SipParser.ParseDatagram(Corpus.Torture("cparam01")).Message!).Headers.GetValues(HeaderId.Contact)[0]);
        Assert.False(c1.Uri.Parameters.Has("unknownparam"));
        Assert.True(c1.Parameters.Has("unknownparam"));
        var c2 = NameAddress.Parse(((SipRequest)SipParser.ParseDatagram(Corpus.Torture("cparam02")).Message!).Headers.GetValues(HeaderId.Contact)[0]);
        Assert.True(c2.Uri.Parameters.Has("unknownparam"));
        var c3 = NameAddress.Parse(((SipRequest)SipParser.ParseDatagram(Corpus.Torture("regescrt")).Message!).Headers.GetValues(HeaderId.Contact)[0]);
        Assert.Equal("Route=%3Csip:sip.example.com%3E", c3.Uri.Headers);
    }

    [Fact]
    public void Longreq_keeps_34_vias_and_long_values()
    {
        var req = SipParser.ParseDatagram(Corpus.Torture("longreq")).Message!;
        Assert.Equal(34, req.Vias.Count);
        Assert.True(req.From!.Uri.User!.Length > 100);
        Assert.StartsWith("I have a user name of extremeextreme", req.To!.DisplayName);
    }

    [Fact]
    public void Responses_with_overlarge_scalars_are_rejected()
    {
        Assert.Equal(SipParseStatus.Invalid, SipParser.ParseDatagram(Corpus.Torture("bigcode")).Status);
        var scalarlg = (SipResponse)SipParser.ParseDatagram(Corpus.Torture("scalarlg")).Message!;
        Assert.NotNull(SipResponseValidator.Validate(scalarlg));
    }
}
