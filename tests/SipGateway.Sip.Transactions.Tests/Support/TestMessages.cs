using System.Text;
using SipGateway.Sip.Message;
using SipGateway.Sip.Parsing;
using SipGateway.Sip.Transport;

namespace SipGateway.Sip.Transactions.Tests.Support;

/// <summary>Builds wire-accurate messages from text, as a peer would send them.</summary>
public static class TestMessages
{
    public const string Sdp = "v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";

    /// <summary>A request from the peer at 192.0.2.10 to us.</summary>
    public static SipRequest Request(string method, string branch = "z9hG4bKpeer1", string callId = "call-1@192.0.2.10",
        string fromTag = "peer-tag", string? toTag = null, uint cseq = 1, string? cseqMethod = null, string transport = "UDP",
        string requestUri = "sip:1000@10.0.0.1", IEnumerable<string>? headers = null, string? body = null, string? via = null)
    {
        var sb = new StringBuilder();
        sb.Append($"{method} {requestUri} SIP/2.0\r\n");
        sb.Append(via is not null ? $"Via: {via}\r\n" : $"Via: SIP/2.0/{transport} 192.0.2.10:5060;branch={branch}\r\n");
        sb.Append("Max-Forwards: 70\r\n");
        sb.Append($"From: \"Peer\" <sip:2000@192.0.2.10>;tag={fromTag}\r\n");
        sb.Append(toTag is null ? "To: <sip:1000@10.0.0.1>\r\n" : $"To: <sip:1000@10.0.0.1>;tag={toTag}\r\n");
        sb.Append($"Call-ID: {callId}\r\n");
        sb.Append($"CSeq: {cseq} {cseqMethod ?? method}\r\n");
        sb.Append("Contact: <sip:2000@192.0.2.10:5060>\r\n");
        foreach (var h in headers ?? []) sb.Append(h).Append("\r\n");
        if (body is not null) sb.Append("Content-Type: application/sdp\r\n");
        sb.Append($"Content-Length: {Encoding.UTF8.GetByteCount(body ?? "")}\r\n\r\n");
        sb.Append(body);
        return (SipRequest)SipParser.ParseText(sb.ToString());
    }

    /// <summary>A request of ours, before the layer adds Via.</summary>
    public static SipRequest Outgoing(string method, uint cseq = 1, string callId = "out-1@10.0.0.1", string fromTag = "our-tag",
        IEnumerable<string>? headers = null, string? body = null, string requestUri = "sip:2000@192.0.2.10")
    {
        var request = new SipRequest(method, requestUri);
        var h = request.Headers;
        foreach (var extra in headers ?? []) { var i = extra.IndexOf(':'); h.Add(extra[..i], extra[(i + 1)..].Trim()); }
        h.Add(HeaderId.From, $"<sip:1000@10.0.0.1>;tag={fromTag}");
        h.Add(HeaderId.To, "<sip:2000@192.0.2.10>");
        h.Add(HeaderId.CallId, callId);
        h.Add(HeaderId.CSeq, $"{cseq} {method}");
        h.Add(HeaderId.Contact, "<sip:1000@10.0.0.1:5060>");
        if (body is not null) request.SetBody("application/sdp", body);
        return request;
    }

    /// <summary>The peer's response to a request we sent (as it went on the wire).</summary>
    public static SipResponse ResponseTo(SipRequest sent, int statusCode, string? toTag = "peer-totag", IEnumerable<string>? headers = null,
        string? body = null, bool contact = true)
    {
        var response = SipResponseFactory.Create(sent, statusCode, null, statusCode == 100 ? null : toTag);
        foreach (var extra in headers ?? []) { var i = extra.IndexOf(':'); response.Headers.Add(extra[..i], extra[(i + 1)..].Trim()); }
        if (contact && statusCode is > 100 and < 300) response.Headers.Add(HeaderId.Contact, "<sip:2000@192.0.2.10:5062>");
        if (body is not null) response.SetBody("application/sdp", body);
        return (SipResponse)Reparse(response);
    }

    public static SipMessage Reparse(SipMessage message) => SipParser.ParseText(Encoding.UTF8.GetString(message.ToBytes()));

    public static IncomingSipMessage From(SipMessage message, SipTransportKind transport = SipTransportKind.Udp) =>
        new(message, Peer.Of(transport), Peer.LocalOf(transport));
}
