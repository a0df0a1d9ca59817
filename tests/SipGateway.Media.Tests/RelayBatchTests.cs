using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SipGateway.Media.Relay;
using SipGateway.Media.Rtp;
using SipGateway.Media.Transport;

namespace SipGateway.Media.Tests;

/// <summary>The relay's receive paths: recvmmsg/sendmmsg batches (64-bit Linux) and the one-call-per-packet
/// fallback must behave the same; closing a leg ends its receive thread at once.</summary>
public class RelayBatchTests
{
    private static byte[] Packet(uint ssrc, ushort seq, uint ts, int pt = 0, int payload = 160)
    {
        var p = new byte[12 + payload];
        RtpPacket.WriteHeader(p, false, pt, seq, ts, ssrc);
        return p;
    }

    private static Socket Peer()
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        s.ReceiveTimeout = 5000;
        return s;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Relay_forwards_a_burst_in_order_with_one_ssrc_latching_and_sr_octets(bool batches)
    {
        if (batches && !LinuxDatagramCalls.IsSupported) return; // nothing to cover on this platform
        using var peerA = Peer();
        using var peerB = Peer();
        var legA = new RtpLeg(RtpSocketPair.BindAny(IPAddress.Loopback), new IPEndPoint(IPAddress.Loopback, 9)) { ReceiveInBatches = batches };
        var legB = new RtpLeg(RtpSocketPair.BindAny(IPAddress.Loopback), (IPEndPoint)peerB.LocalEndPoint!) { ReceiveInBatches = batches };
        using var relay = new RtpRelay(legA, legB);
        relay.Start(TimeSpan.Zero);

        // A's SDP address is wrong (port 9): the first packet latches A to peerA's real address.
        const int Count = 200; // several recvmmsg batches
        for (ushort i = 0; i < Count; i++) peerA.SendTo(Packet(0xA, (ushort)(65500 + i), 160u * i), relay.A.LocalEndPoint);
        var buf = new byte[2048];
        var got = new List<RtpPacket>();
        for (int i = 0; i < Count; i++)
        {
            int n = peerB.Receive(buf);
            Assert.True(RtpPacket.TryParse(buf.AsSpan(0, n), out var h));
            got.Add(h);
        }
        Assert.All(got, h => Assert.Equal(relay.B.Outbound.Ssrc, h.Ssrc));
        for (int i = 1; i < Count; i++)
        {
            Assert.Equal((ushort)(got[i - 1].SequenceNumber + 1), got[i].SequenceNumber);
            Assert.Equal(160u, got[i].Timestamp - got[i - 1].Timestamp);
        }
        Assert.Equal(peerA.LocalEndPoint, relay.A.Remote);
        // Counters are updated after each send returns: the peer may have the packets a moment before they count.
        SpinWait.SpinUntil(() => relay.B.PacketsSent >= Count, TimeSpan.FromSeconds(5));
        Assert.Equal(Count, relay.A.PacketsReceived);
        Assert.Equal(Count, relay.B.PacketsSent);

        // A third party on the latched leg is dropped, in either path.
        using var stranger = Peer();
        stranger.SendTo(Packet(0xC, 1, 0), relay.A.LocalEndPoint);
        var deadline = Stopwatch.StartNew();
        while (relay.A.PacketsDropped == 0 && deadline.ElapsedMilliseconds < 5000) Thread.Sleep(5);
        Assert.Equal(1, relay.A.PacketsDropped);

        // RFC 3550 §6.4.1: the SR counts payload octets only.
        var rtcp = new byte[256];
        Assert.True(RtcpPacket.TryParse(rtcp.AsSpan(0, relay.B.BuildRtcpReport(rtcp)), out var sr));
        Assert.True(sr!.IsSenderReport);
        Assert.Equal((uint)Count, sr.SenderPacketCount);
        Assert.Equal((uint)(Count * 160), sr.SenderOctetCount);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Held_direction_drops_and_resume_relays_again(bool batches)
    {
        if (batches && !LinuxDatagramCalls.IsSupported) return;
        using var peerA = Peer();
        using var peerB = Peer();
        peerB.ReceiveTimeout = 300;
        var legA = new RtpLeg(RtpSocketPair.BindAny(IPAddress.Loopback), (IPEndPoint)peerA.LocalEndPoint!) { ReceiveInBatches = batches };
        var legB = new RtpLeg(RtpSocketPair.BindAny(IPAddress.Loopback), (IPEndPoint)peerB.LocalEndPoint!) { ReceiveInBatches = batches };
        using var relay = new RtpRelay(legA, legB);
        relay.Start(TimeSpan.Zero);
        relay.Hold(relay.B);
        peerA.SendTo(Packet(0xA, 1, 0), relay.A.LocalEndPoint);
        // The held packet must have been taken in (and dropped) before we resume, or a late receive thread would
        // forward it after the resume; bounded wait, a loaded machine can delay the thread by hundreds of ms.
        Assert.True(SpinWait.SpinUntil(() => relay.A.PacketsReceived == 1, TimeSpan.FromSeconds(5)));
        var buf = new byte[2048];
        Assert.Throws<SocketException>(() => peerB.Receive(buf));
        relay.Resume(relay.B);
        peerA.SendTo(Packet(0xA, 2, 160), relay.A.LocalEndPoint);
        peerB.ReceiveTimeout = 5000;
        int n = peerB.Receive(buf);
        Assert.True(RtpPacket.TryParse(buf.AsSpan(0, n), out var h));
        Assert.Equal(relay.B.Outbound.Ssrc, h.Ssrc);
        // Counters are updated by the relay thread after the send returns: the peer may see the packet first.
        SpinWait.SpinUntil(() => relay.B.PacketsSent >= 1, TimeSpan.FromSeconds(5));
        Assert.Equal(2, relay.A.PacketsReceived);
        Assert.Equal(1, relay.B.PacketsSent);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Dispose_ends_the_receive_thread_at_once_and_frees_the_port(bool batches)
    {
        if (batches && !LinuxDatagramCalls.IsSupported) return;
        var pair = RtpSocketPair.BindAny(IPAddress.Loopback);
        int port = pair.Port;
        var leg = new RtpLeg(pair) { ReceiveInBatches = batches };
        leg.Start(TimeSpan.Zero);
        Thread.Sleep(50); // let the thread block in its receive
        var sw = Stopwatch.StartNew();
        leg.Dispose();
        Assert.True(sw.ElapsedMilliseconds < 900, $"Dispose took {sw.ElapsedMilliseconds} ms (the idle timeout is 1000 ms)");
        using var again = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        again.Bind(new IPEndPoint(IPAddress.Loopback, port));
    }

    [Fact]
    public void Receive_batch_flags_a_datagram_larger_than_its_slot_and_reports_sources()
    {
        if (!LinuxDatagramCalls.IsSupported) return;
        using var receiver = Peer();
        using var sender = Peer();
        sender.SendTo(new byte[ReceiveBatch.SlotSize + 100], receiver.LocalEndPoint!);
        sender.SendTo(Packet(1, 1, 0), receiver.LocalEndPoint!);
        Thread.Sleep(50);
        using var batch = new ReceiveBatch(8);
        bool added = false;
        receiver.SafeHandle.DangerousAddRef(ref added);
        try
        {
            int count = 0;
            for (int attempt = 0; attempt < 5 && count < 2; attempt++) count += batch.Receive(receiver.SafeHandle);
            Assert.Equal(2, batch.Count);
            Assert.True(batch.IsTruncated(0));
            Assert.False(batch.IsTruncated(1));
            Assert.Equal(172, batch.Datagram(1).Length);
            var from = new SocketAddress(AddressFamily.InterNetwork);
            batch.CopySource(1, from);
            Assert.Equal(((IPEndPoint)sender.LocalEndPoint!).Serialize(), from);
        }
        finally
        {
            if (added) receiver.SafeHandle.DangerousRelease();
        }
    }

    [Fact]
    public void Send_batch_skips_a_refused_message_and_sends_the_rest()
    {
        if (!LinuxDatagramCalls.IsSupported) return;
        using var sender = Peer();
        using var target = Peer();
        using var batch = new SendBatch(4);
        using var slots = new ReceiveBatch(4); // native memory for the datagrams
        // The datagrams must lie in native memory: receive three into the slots of a receive batch.
        using var loop = Peer();
        for (ushort i = 0; i < 3; i++) loop.SendTo(Packet(9, i, 0), sender.LocalEndPoint!);
        Thread.Sleep(50);
        bool added = false;
        sender.SafeHandle.DangerousAddRef(ref added);
        try
        {
            int count = 0;
            for (int attempt = 0; attempt < 5 && count < 3; attempt++) count += slots.Receive(sender.SafeHandle);
            Assert.Equal(3, slots.Count);
        }
        finally
        {
            if (added) sender.SafeHandle.DangerousRelease();
        }
        var good = ((IPEndPoint)target.LocalEndPoint!).Serialize();
        var bad = new IPEndPoint(IPAddress.Parse("0.0.0.0"), 0).Serialize(); // port 0: EINVAL from the kernel
        batch.Add(sender, this, slots.Datagram(0), good);
        batch.Add(sender, this, slots.Datagram(1), bad);
        batch.Add(sender, this, slots.Datagram(2), good);
        batch.Flush(out int sent, out long octets, out int failed);
        Assert.Equal(2, sent);
        Assert.Equal(1, failed);
        Assert.Equal(2 * 172, octets);
        Assert.Equal(0, batch.Count);
        var buf = new byte[2048];
        Assert.Equal(172, target.Receive(buf));
        Assert.Equal(0, RtpPacket.ReadSequence(buf));
        Assert.Equal(172, target.Receive(buf));
        Assert.Equal(2, RtpPacket.ReadSequence(buf));
    }
}

public class SendBatchSegmentationTests
{
    [Fact]
    public void A_run_for_one_destination_arrives_as_the_same_separate_datagrams_in_order()
    {
        if (!LinuxDatagramCalls.IsSupported) return;
        using var sender = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var target = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var other = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        foreach (var s in new[] { sender, target, other })
        {
            s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            s.ReceiveTimeout = 5000;
        }
        // Sizes: a run of equal G.711 packets, a short telephone-event packet (ends the run), then more, and one
        // for another destination in the middle.
        int[] sizes = [172, 172, 172, 172, 16, 172, 172, 100, 172];
        int[] toOther = [6];
        using var slots = new ReceiveBatch(16);
        for (int i = 0; i < sizes.Length; i++)
        {
            var p = new byte[sizes[i]];
            RtpPacket.WriteHeader(p, false, 0, (ushort)i, 0, 7);
            sender.SendTo(p, sender.LocalEndPoint!); // loop through the sender itself to land in native slots
        }
        bool added = false;
        sender.SafeHandle.DangerousAddRef(ref added);
        try
        {
            int count = 0;
            for (int attempt = 0; attempt < 10 && count < sizes.Length; attempt++) count = slots.Receive(sender.SafeHandle) + count;
            Assert.Equal(sizes.Length, count);
        }
        finally
        {
            if (added) sender.SafeHandle.DangerousRelease();
        }
        using var batch = new SendBatch(16);
        var main = ((IPEndPoint)target.LocalEndPoint!).Serialize();
        var side = ((IPEndPoint)other.LocalEndPoint!).Serialize();
        for (int i = 0; i < sizes.Length; i++) batch.Add(sender, this, slots.Datagram(i), toOther.Contains(i) ? side : main);
        batch.Flush(out int sent, out long octets, out int failed);
        Assert.Equal(sizes.Length, sent);
        Assert.Equal(0, failed);
        Assert.Equal(sizes.Sum(), octets);

        var buf = new byte[4096];
        for (int i = 0; i < sizes.Length; i++)
        {
            if (toOther.Contains(i)) continue;
            int n = target.Receive(buf);
            Assert.Equal(sizes[i], n);
            Assert.Equal(i, RtpPacket.ReadSequence(buf));
        }
        Assert.Equal(172, other.Receive(buf));
        Assert.Equal(6, RtpPacket.ReadSequence(buf));
    }
}
