using SipGateway.Sip.Message;

namespace SipGateway.Sip.Tests.Parsing;

/// <summary>CSeq and the From/To tags are parsed once per header value: replacing the header must show the new value.</summary>
public class ParsedHeaderCacheTests
{
    [Fact]
    public void Tags_and_cseq_follow_a_replaced_header()
    {
        var request = new SipRequest("INVITE", "sip:1000@example.com");
        request.Headers.Add(HeaderId.From, "<sip:alice@example.com>;tag=a1");
        request.Headers.Add(HeaderId.To, "<sip:1000@example.com>");
        request.Headers.Add(HeaderId.CSeq, "1 INVITE");

        Assert.Equal("a1", request.FromTag);
        Assert.Null(request.ToTag);
        Assert.Equal(new CSeqHeader(1, "INVITE"), request.CSeq);
        Assert.Equal("a1", request.FromTag); // from the cache

        request.Headers.Set(HeaderId.From, "<sip:alice@example.com>;tag=a2");
        request.Headers.Set(HeaderId.To, "<sip:1000@example.com>;tag=b7");
        request.Headers.Set(HeaderId.CSeq, "2 BYE");
        Assert.Equal("a2", request.FromTag);
        Assert.Equal("b7", request.ToTag);
        Assert.Equal(new CSeqHeader(2, "BYE"), request.CSeq);

        request.Headers.RemoveAll(HeaderId.CSeq);
        Assert.Null(request.CSeq);
    }
}
