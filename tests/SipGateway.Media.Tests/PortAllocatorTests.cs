using System.Net;
using SipGateway.Media.Transport;

namespace SipGateway.Media.Tests;

public class PortAllocatorTests
{
    [Theory]
    [InlineData("20000-29999", 20000, 29999, 5000)]
    [InlineData("20001-20010", 20001, 20010, 4)]
    public void Parses_ranges(string text, int first, int last, int pairs)
    {
        var r = PortRange.Parse(text);
        Assert.Equal(new PortRange(first, last), r);
        Assert.Equal(pairs, r.PairCount);
    }

    [Theory]
    [InlineData("20000")]
    [InlineData("30000-20000")]
    [InlineData("80-90")]
    [InlineData("20000-70000")]
    [InlineData("20001-20002")]
    public void Rejects_bad_ranges(string text)
    {
        var ex = Assert.Throws<FormatException>(() => PortRange.Parse(text));
        Assert.Contains("Media:PortRange", ex.Message);
    }

    [Fact]
    public void Allocates_even_rtp_ports_with_rtcp_next_and_reuses_released_ones()
    {
        // A small range above Linux's default ephemeral range (32768-60999), so no outgoing socket takes a released
        // port between our release and re-allocation; ports other processes hold are skipped.
        var allocator = new RtpPortAllocator(IPAddress.Loopback, PortRange.Parse("61100-61109"));
        var pairs = new List<RtpSocketPair>();
        try
        {
            while (true)
            {
                try { pairs.Add(allocator.Allocate()); }
                catch (InvalidOperationException) { break; }
                Assert.True(pairs.Count <= 5);
            }
            Assert.NotEmpty(pairs);
            foreach (var p in pairs)
            {
                Assert.Equal(0, p.Port % 2);
                Assert.Equal(p.Port, p.RtpEndPoint.Port);
                Assert.Equal(p.Port + 1, ((IPEndPoint)p.Rtcp.LocalEndPoint!).Port);
            }
            Assert.Equal(pairs.Count, allocator.InUse);
            int released = pairs[0].Port;
            pairs[0].Dispose();
            pairs.RemoveAt(0);
            var again = allocator.Allocate();
            pairs.Add(again);
            Assert.Equal(released, again.Port);
        }
        finally
        {
            foreach (var p in pairs) p.Dispose();
        }
        Assert.Equal(0, allocator.InUse);
    }

    [Fact]
    public void Refuses_beyond_its_pair_budget_until_a_pair_is_closed()
    {
        var allocator = new RtpPortAllocator(IPAddress.Loopback, PortRange.Parse("61120-61199"), maxPairs: 2);
        using var a = allocator.Allocate();
        var b = allocator.Allocate();
        var ex = Assert.Throws<InvalidOperationException>(() => allocator.Allocate());
        Assert.Contains("2 RTP port pairs already open", ex.Message);
        b.Dispose();
        using var c = allocator.Allocate();
        Assert.Equal(2, allocator.InUse);
    }
}
