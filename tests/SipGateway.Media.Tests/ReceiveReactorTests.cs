using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SipGateway.Media.Relay;
using SipGateway.Media.Transport;

namespace SipGateway.Media.Tests;

/// <summary>Legs on the shared epoll receive threads: no thread per leg, a disposed leg stops receiving and frees its
/// port at once, and RTP and RTCP both arrive.</summary>
public class ReceiveReactorTests
{
    [Fact]
    public void Hundreds_of_legs_relay_without_a_thread_each_and_free_their_ports_when_disposed()
    {
        if (RtpReceiveReactor.Shared is null) return; // not x86-64 Linux: legs use their own threads (other tests)
        using var self = Process.GetCurrentProcess();
        int threadsBefore = self.Threads.Count;
        var legs = new List<RtpLeg>();
        using var far = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        far.Client.ReceiveTimeout = 5000;
        for (int i = 0; i < 200; i++)
        {
            var a = new RtpLeg(RtpSocketPair.BindAny(IPAddress.Loopback));
            var b = new RtpLeg(RtpSocketPair.BindAny(IPAddress.Loopback), (IPEndPoint)far.Client.LocalEndPoint!);
            a.Forward = b;
            a.Start(TimeSpan.Zero);
            b.Start(TimeSpan.Zero);
            legs.Add(a);
            legs.Add(b);
        }
        self.Refresh();
        int threadsDuring = self.Threads.Count;
        // 400 legs: a thread each would add 400; the reactor adds at most its own few (other tests run meanwhile).
        Assert.True(threadsDuring - threadsBefore < 100, $"threads grew from {threadsBefore} to {threadsDuring} for 400 legs");

        // A packet into every 'a' leg comes out of its 'b' leg.
        using var sender = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var packet = new byte[172];
        packet[0] = 0x80;
        for (int i = 0; i < legs.Count; i += 2) sender.Send(packet, packet.Length, legs[i].LocalEndPoint);
        var ports = new HashSet<int>();
        var from = new IPEndPoint(IPAddress.Any, 0);
        for (int i = 0; i < legs.Count / 2; i++)
        {
            far.Receive(ref from);
            ports.Add(from.Port);
        }
        Assert.Equal(legs.Count / 2, ports.Count);

        var freed = legs.Select(l => l.LocalPort).ToList();
        foreach (var leg in legs) leg.Dispose();
        // Disposed legs have left the reactor and their ports can be bound again at once.
        foreach (int port in freed)
        {
            using var again = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            again.Bind(new IPEndPoint(IPAddress.Loopback, port));
        }
    }

    [Fact]
    public void A_disposed_leg_receives_nothing_more()
    {
        if (RtpReceiveReactor.Shared is null) return;
        using var far = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var a = new RtpLeg(RtpSocketPair.BindAny(IPAddress.Loopback));
        a.Start(TimeSpan.Zero);
        var endpoint = a.LocalEndPoint;
        var packet = new byte[172];
        packet[0] = 0x80;
        far.Send(packet, packet.Length, endpoint);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (a.PacketsReceived == 0 && DateTime.UtcNow < deadline) Thread.Sleep(5);
        Assert.Equal(1, a.PacketsReceived);
        a.Dispose();
        try { far.Send(packet, packet.Length, endpoint); } catch (SocketException) { }
        Thread.Sleep(50);
        Assert.Equal(1, a.PacketsReceived);
    }

    [Fact]
    public void Rtcp_reports_arrive_through_the_reactor_and_set_the_symmetric_rtcp_address()
    {
        using var peerRtp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var peerRtcp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var leg = new RtpLeg(RtpSocketPair.BindAny(IPAddress.Loopback), (IPEndPoint)peerRtp.Client.LocalEndPoint!);
        leg.Start(TimeSpan.Zero);
        // A receiver report (RFC 3550 §6.4.2) with no blocks: V=2, RC=0, PT=201, length 1 (two 32-bit words).
        byte[] rr = [0x80, 201, 0, 1, 0x11, 0x22, 0x33, 0x44];
        peerRtcp.Send(rr, rr.Length, new IPEndPoint(IPAddress.Loopback, leg.LocalPort + 1));
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (leg.LastReceivedReport is null && DateTime.UtcNow < deadline) Thread.Sleep(5);
        Assert.NotNull(leg.LastReceivedReport);
    }
}
