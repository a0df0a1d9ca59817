using System.Net;
using SipGateway.Calls.CallControl;
using SipGateway.Sip.Transport;

namespace SipGateway.Calls.Tests.CallControl;

public class TrunkDirectoryTests
{
    private static TrunkEndpoint Trunk(string name, params string[] sources) =>
        new(name, new SipEndPoint(SipTransportKind.Udp, IPEndPoint.Parse("127.0.0.1:5090")), sources.Select(IPAddress.Parse).ToList(), null);

    [Fact]
    public void A_source_address_identifies_its_trunk_and_nothing_else()
    {
        var trunks = new TrunkDirectory([Trunk("A", "127.0.0.2"), Trunk("B", "127.0.0.3", "::1")]);
        Assert.Equal("A", trunks.FromSource(IPAddress.Parse("127.0.0.2"))!.Name);
        Assert.Equal("A", trunks.FromSource(IPAddress.Parse("127.0.0.2").MapToIPv6())!.Name);
        Assert.Equal("B", trunks.FromSource(IPAddress.IPv6Loopback)!.Name);
        Assert.Null(trunks.FromSource(IPAddress.Parse("127.0.0.1")));
        Assert.Null(trunks.Get("C"));
        Assert.Equal(2, trunks.All.Count());
    }
}
