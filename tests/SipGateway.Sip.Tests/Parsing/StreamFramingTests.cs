using System.Text;
using SipGateway.Sip.Message;
using SipGateway.Sip.Parsing;

namespace SipGateway.Sip.Tests.Parsing;

public class StreamFramingTests
{
    private const string Options =
        "OPTIONS sip:gw@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bK1\r\nMax-Forwards: 70\r\n" +
        "To: <sip:gw@127.0.0.1>\r\nFrom: <sip:a@127.0.0.1>;tag=1\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\nContent-Length: 5\r\n\r\nhello";

    [Fact]
    public void Every_split_point_needs_more_data_until_the_body_is_complete()
    {
        var bytes = Encoding.ASCII.GetBytes(Options);
        for (int cut = 0; cut < bytes.Length; cut++)
            Assert.Equal(SipParseStatus.NeedMoreData, SipParser.ParseStream(bytes.AsMemory(0, cut)).Status);
        var whole = SipParser.ParseStream(bytes);
        Assert.Equal(SipParseStatus.Ok, whole.Status);
        Assert.Equal(bytes.Length, whole.Consumed);
        Assert.Equal("hello", whole.Message!.BodyText);
    }

    [Fact]
    public void Several_messages_in_one_read_are_framed_one_by_one()
    {
        var bytes = Encoding.ASCII.GetBytes("\r\n\r\n" + Options + Options.Replace("c1", "c2") + Options[..40]);
        var first = SipParser.ParseStream(bytes);
        Assert.Equal("c1", first.Message!.CallId);
        var second = SipParser.ParseStream(bytes.AsMemory(first.Consumed));
        Assert.Equal("c2", second.Message!.CallId);
        var third = SipParser.ParseStream(bytes.AsMemory(first.Consumed + second.Consumed));
        Assert.Equal(SipParseStatus.NeedMoreData, third.Status);
    }

    [Theory]
    [InlineData("-5")]
    [InlineData("five")]
    public void Bad_content_length_on_a_stream_loses_framing(string value)
    {
        var bytes = Encoding.ASCII.GetBytes(Options.Replace("Content-Length: 5", "Content-Length: " + value));
        var r = SipParser.ParseStream(bytes);
        Assert.Equal(SipParseStatus.Invalid, r.Status);
        Assert.True(r.FramingLost);
        Assert.Contains(value, r.Error);
    }

    [Fact]
    public void Oversized_header_section_is_refused_without_waiting()
    {
        var limits = new SipParserLimits { MaxHeaderBytes = 1024 };
        var bytes = Encoding.ASCII.GetBytes("OPTIONS sip:x@y SIP/2.0\r\nX-Long: " + new string('a', 4000));
        var r = SipParser.ParseStream(bytes, limits);
        Assert.Equal(SipParseStatus.Invalid, r.Status);
        Assert.True(r.FramingLost);
    }

    [Fact]
    public void Oversized_body_is_refused()
    {
        var limits = new SipParserLimits { MaxBodyBytes = 4 };
        var r = SipParser.ParseDatagram(Encoding.ASCII.GetBytes(Options), limits);
        Assert.Equal(SipParseStatus.Invalid, r.Status);
        Assert.Contains("exceeds", r.Error);
    }

    [Fact]
    public void Parsing_keeps_header_values_unmaterialised_until_read()
    {
        var r = SipParser.ParseDatagram(Encoding.ASCII.GetBytes(Options));
        var headers = r.Message!.Headers;
        Assert.True(headers.TryGetRawValue(0, out var raw));
        Assert.Equal("SIP/2.0/TCP 127.0.0.1:5999;branch=z9hG4bK1", Encoding.ASCII.GetString(raw));
        Assert.Equal(HeaderId.Via, headers.IdAt(0));
    }
}
