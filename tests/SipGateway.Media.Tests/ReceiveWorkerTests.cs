using System.Net;
using System.Net.Sockets;
using SipGateway.Media.Relay;
using SipGateway.Media.Transport;

namespace SipGateway.Media.Tests;

/// <summary>RTP receive loops run on reused worker threads: a disposed leg's loop has ended and its port is free, and
/// its worker parks for the next leg instead of exiting.</summary>
public class ReceiveWorkerTests
{
    [Fact]
    public void A_disposed_leg_frees_its_port_and_its_worker_serves_the_next_leg()
    {
        for (int round = 0; round < 20; round++)
        {
            var pair = RtpSocketPair.BindAny(IPAddress.Loopback);
            int port = pair.Port;
            var leg = new RtpLeg(pair) { ReceiveInBatches = false }; // its own thread: what this test is about
            leg.Start(TimeSpan.Zero);
            leg.Dispose();
            // The loop ended before Dispose returned: the port can be bound again at once.
            using var again = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            again.Bind(new IPEndPoint(IPAddress.Loopback, port));
        }
        // Twenty legs started and stopped one after another needed one worker, now parked (bounded wait: the
        // worker parks right after its loop ends).
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (ReceiveWorkers.IdleCount == 0 && DateTime.UtcNow < deadline) Thread.Sleep(10);
        Assert.InRange(ReceiveWorkers.IdleCount, 1, ReceiveWorkers.MaxIdle);
    }

    [Fact]
    public void A_leg_started_on_a_reused_worker_still_relays()
    {
        using var warm = new RtpLeg(RtpSocketPair.BindAny(IPAddress.Loopback)) { ReceiveInBatches = false };
        warm.Start(TimeSpan.Zero);
        warm.Dispose(); // leaves a parked worker behind
        using var a = new RtpLeg(RtpSocketPair.BindAny(IPAddress.Loopback)) { ReceiveInBatches = false };
        using var b = new RtpLeg(RtpSocketPair.BindAny(IPAddress.Loopback)) { ReceiveInBatches = false };
        using var farA = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var farB = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        a.SetRemote((IPEndPoint)farA.Client.LocalEndPoint!);
        b.SetRemote((IPEndPoint)farB.Client.LocalEndPoint!);
        using var relay = new RtpRelay(a, b);
        relay.Start(TimeSpan.Zero);
        var packet = new byte[172];
        packet[0] = 0x80;
        farA.Send(packet, packet.Length, a.LocalEndPoint);
        var receive = farB.ReceiveAsync();
        Assert.True(receive.Wait(TimeSpan.FromSeconds(5)), "nothing relayed from a to b");
        Assert.Equal(172, receive.Result.Buffer.Length);
    }
}
