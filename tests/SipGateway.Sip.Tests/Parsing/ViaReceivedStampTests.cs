using System.Net;
using SipGateway.Sip.Message;
using SipGateway.Sip.Parsing;
using SipGateway.Sip.Transport;

namespace SipGateway.Sip.Tests.Parsing;

public class ViaReceivedStampTests
{
    private static SipRequest Request(string via) => (SipRequest)SipParser.ParseText(
        $"OPTIONS sip:gw SIP/2.0\r\nVia: {via}\r\nVia: SIP/2.0/UDP second.example.com\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:gw>\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\n\r\n");

    [Fact]
    public void Empty_rport_gets_source_port_and_received_rfc3581()
    {
        var r = Request("SIP/2.0/UDP 10.0.0.1:5060;rport;branch=z9hG4bK1");
        ViaReceivedStamp.Apply(r, new IPEndPoint(IPAddress.Parse("192.0.2.7"), 40000));
        Assert.Equal((40000, "192.0.2.7"), (r.TopVia!.Rport, r.TopVia.Received));
        Assert.Equal(2, r.Vias.Count);
        Assert.Equal("second.example.com", r.Vias[1].Host);
    }

    [Fact]
    public void Received_only_when_the_host_differs_rfc3261_18_2_1()
    {
        var same = Request("SIP/2.0/UDP 192.0.2.7:5060;branch=z9hG4bK1");
        ViaReceivedStamp.Apply(same, new IPEndPoint(IPAddress.Parse("192.0.2.7"), 5060));
        Assert.Null(same.TopVia!.Received);
        var other = Request("SIP/2.0/UDP phone.example.com:5060;branch=z9hG4bK1");
        ViaReceivedStamp.Apply(other, new IPEndPoint(IPAddress.Parse("192.0.2.7"), 5060));
        Assert.Equal("192.0.2.7", other.TopVia!.Received);
        Assert.False(other.TopVia.HasRport);
    }

    [Fact]
    public void Force_rport_answers_the_source_port_even_without_rport()
    {
        var r = Request("SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1");
        ViaReceivedStamp.Apply(r, new IPEndPoint(IPAddress.Parse("198.51.100.9"), 61000), forceRport: true);
        Assert.Equal((61000, "198.51.100.9"), (r.TopVia!.Rport, r.TopVia.Received));
    }
}
