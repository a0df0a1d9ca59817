using System.Net;
using SipGateway.Sip.Transport;

namespace SipGateway.Sip.Transactions.Tests.Support;

public static class Peer
{
    public static readonly SipEndPoint Udp = new(SipTransportKind.Udp, new IPEndPoint(IPAddress.Parse("192.0.2.10"), 5060));
    public static readonly SipEndPoint Tcp = new(SipTransportKind.Tcp, new IPEndPoint(IPAddress.Parse("192.0.2.10"), 5060));
    public static readonly SipEndPoint LocalUdp = new(SipTransportKind.Udp, FakeSender.LocalAddress);
    public static readonly SipEndPoint LocalTcp = new(SipTransportKind.Tcp, FakeSender.LocalAddress);

    public static SipEndPoint Of(SipTransportKind kind) => kind == SipTransportKind.Udp ? Udp : Tcp;
    public static SipEndPoint LocalOf(SipTransportKind kind) => kind == SipTransportKind.Udp ? LocalUdp : LocalTcp;
}
