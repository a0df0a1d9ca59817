using System.Net;
using Microsoft.Extensions.Time.Testing;
using SipGateway.Calls.CallControl;
using SipGateway.Media.Relay;
using SipGateway.Media.Transport;
using SipGateway.Sip.Message;
using SipGateway.Sip.Parsing;
using SipGateway.Sip.Timing;
using SipGateway.Sip.Transactions;
using SipGateway.Sip.Transport;

namespace SipGateway.Calls.Tests.CallControl.Support;

/// <summary>
/// Calls built on a real transaction layer whose sender drops everything: the caller's INVITE is a real server
/// transaction and attempts real client transactions, so a <see cref="Call"/> is exercised as the B2BUA drives it.
/// </summary>
internal sealed class TestCalls : ISipTransactionUser, IDisposable
{
    private static readonly SipEndPoint Peer = new(SipTransportKind.Udp, new IPEndPoint(IPAddress.Parse("192.0.2.10"), 5060));
    private const string Sdp = "v=0\r\no=- 1 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";
    private readonly SipTransactionLayer _layer;
    private readonly List<IDisposable> _owned = [];
    private ServerTransaction? _received;
    private int _next;

    public TestCalls()
    {
        _layer = new SipTransactionLayer(new DroppingSender(), new TimerWheel(new FakeTimeProvider()));
        _layer.SetUser(this);
    }

    /// <summary>A call as the caller's INVITE (with an SDP offer) creates it, with both legs and their RTP in place.</summary>
    public Call NewCall(bool withOffer = true)
    {
        var n = ++_next;
        var text = $"INVITE sip:1000@10.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKcall{n}\r\nMax-Forwards: 70\r\n" +
                   $"From: <sip:2000@192.0.2.10>;tag=caller{n}\r\nTo: <sip:1000@10.0.0.1>\r\nCall-ID: call-{n}@192.0.2.10\r\nCSeq: 1 INVITE\r\n" +
                   $"Contact: <sip:2000@192.0.2.10:5060>\r\nContent-Type: application/sdp\r\nContent-Length: {Sdp.Length}\r\n\r\n{Sdp}";
        _layer.Receive(new IncomingSipMessage(SipParser.ParseText(text), Peer, new SipEndPoint(SipTransportKind.Udp, DroppingSender.Local)));
        var tx = _received ?? throw new InvalidOperationException("the layer did not hand over the INVITE");
        _received = null;
        var call = new Call($"call-{n}", CallerIdentity.FromDevice("SEP0001"), tx, "1000", null, DateTimeOffset.UnixEpoch);
        if (withOffer && Sip.Sdp.SdpSessionDescription.TryParse(Sdp, out var offer, out _)) call.CallerOffer = offer;
        call.Inbound = new CallLeg(call, inbound: true, Leg());
        call.Outbound = new CallLeg(call, inbound: false, Leg());
        return call;
    }

    /// <summary>An outbound attempt of <paramref name="call"/> (an INVITE sent to nowhere).</summary>
    public OutboundAttempt Attempt(Call call, string label)
    {
        var invite = new SipRequest(SipMethods.Invite, "sip:1000@192.0.2.20");
        invite.Headers.Add(HeaderId.From, $"<sip:2000@10.0.0.1>;tag={label}");
        invite.Headers.Add(HeaderId.To, "<sip:1000@192.0.2.20>");
        invite.Headers.Add(HeaderId.CallId, $"{call.Id}-{label}");
        invite.Headers.Add(HeaderId.CSeq, "1 INVITE");
        var target = new CallTarget(label, SipUri.Sip("1000", "192.0.2.20", 5060), Peer, "1000", "2000", null);
        return new OutboundAttempt(target, _layer.SendRequest(invite, Peer));
    }

    /// <summary>Both legs learn their peer's RTP address (the offer and the answer are in).</summary>
    public static void KnowRemotes(Call call)
    {
        call.Inbound!.Media.SetRemote(new IPEndPoint(IPAddress.Loopback, 40_000));
        call.Outbound!.Media.SetRemote(new IPEndPoint(IPAddress.Loopback, 40_002));
    }

    private RtpLeg Leg()
    {
        var leg = new RtpLeg(RtpSocketPair.BindAny(IPAddress.Loopback));
        _owned.Add(leg);
        return leg;
    }

    public void Dispose()
    {
        foreach (var d in _owned) d.Dispose();
    }

    void ISipTransactionUser.OnRequest(ServerTransaction transaction) => _received = transaction;
    void ISipTransactionUser.OnAck(IncomingSipMessage ack) { }
    void ISipTransactionUser.OnStrayResponse(IncomingSipMessage response) { }
    void ISipTransactionUser.OnAckTimeout(ServerTransaction transaction, SipResponse response) { }

    private sealed class DroppingSender : ISipMessageSender
    {
        public static readonly IPEndPoint Local = new(IPAddress.Parse("10.0.0.1"), 5060);
        public SipEndPoint LocalEndPoint(SipTransportKind transport) => new(transport, Local);
        public ValueTask<bool> SendAsync(SipMessage message, SipEndPoint destination, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(true);
    }
}
