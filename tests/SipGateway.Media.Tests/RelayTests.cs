using System.Net;
using System.Net.Sockets;
using SipGateway.Media.Relay;
using SipGateway.Media.Rtp;
using SipGateway.Media.Transport;

namespace SipGateway.Media.Tests;

internal sealed class CapturingSink : IRtpSink
{
    public List<byte[]> Packets { get; } = new();
    public void Send(Span<byte> datagram) { lock (Packets) Packets.Add(datagram.ToArray()); }
}

public class RelayTests
{
    private static byte[] Packet(uint ssrc, ushort seq, uint ts, int pt = 0, int payload = 160)
    {
        var p = new byte[12 + payload];
        RtpPacket.WriteHeader(p, false, pt, seq, ts, ssrc);
        return p;
    }

    private static RtpPacket Parse(byte[] p) { Assert.True(RtpPacket.TryParse(p, out var h)); return h; }

    [Fact]
    public void Rewriter_keeps_one_ssrc_and_contiguous_sequence_across_source_changes()
    {
        var rw = new RtpStreamRewriter(0xABCD, initialSequence: 65533, initialTimestamp: 4000);
        var out1 = new List<RtpPacket>();
        long now = 0, tick = System.Diagnostics.Stopwatch.Frequency / 50;
        // announcement: SSRC 1
        for (ushort i = 0; i < 5; i++) { var p = Packet(1, (ushort)(100 + i), 9000u + (160u * i)); rw.Rewrite(p, now += tick); out1.Add(Parse(p)); }
        // relayed audio: SSRC 2 with unrelated numbering, 60 ms later
        now += 2 * tick;
        for (ushort i = 0; i < 5; i++) { var p = Packet(2, (ushort)(30000 + i), 123456u + (160u * i)); rw.Rewrite(p, now += tick); out1.Add(Parse(p)); }
        Assert.All(out1, h => Assert.Equal(0xABCDu, h.Ssrc));
        for (int i = 1; i < out1.Count; i++) Assert.Equal((ushort)(out1[i - 1].SequenceNumber + 1), out1[i].SequenceNumber);
        Assert.Equal(65533, out1[0].SequenceNumber);
        Assert.Equal(4000u, out1[0].Timestamp);
        Assert.Equal(160u * 3, out1[5].Timestamp - out1[4].Timestamp); // 60 ms of real time passed
        for (int i = 6; i < out1.Count; i++) Assert.Equal(160u, out1[i].Timestamp - out1[i - 1].Timestamp);
        Assert.True(out1[5].Marker);
        Assert.False(out1[6].Marker);
        Assert.Equal(1, rw.SourceChanges);
    }

    [Fact]
    public void Rewriter_never_repeats_a_timestamp_on_an_immediate_switch_and_ignores_reordered_packets()
    {
        var rw = new RtpStreamRewriter(1, 10, 0);
        var a = Packet(5, 1, 0); rw.Rewrite(a, 0);
        var late = Packet(5, 3, 320); rw.Rewrite(late, 0);
        var early = Packet(5, 2, 160); rw.Rewrite(early, 0); // reordered: mapped, but state stays at seq 12
        Assert.Equal(11, Parse(early).SequenceNumber);
        var b = Packet(6, 7000, 777); rw.Rewrite(b, 0);      // switch in the same instant
        Assert.Equal(13, Parse(b).SequenceNumber);
        Assert.Equal(320u + 160u, Parse(b).Timestamp);
    }

    [Fact]
    public void Leg_latches_to_the_first_source_and_drops_others()
    {
        using var pair = RtpSocketPair.BindAny(IPAddress.Loopback);
        var signalled = new IPEndPoint(IPAddress.Loopback, 40000);
        using var leg = new RtpLeg(pair, signalled);
        var sink = new CapturingSink();
        leg.Forward = sink;
        var real = new IPEndPoint(IPAddress.Parse("127.0.0.5"), 41234).Serialize();
        var other = new IPEndPoint(IPAddress.Parse("127.0.0.6"), 41234).Serialize();

        Assert.False(leg.IsLatched);
        Assert.True(leg.HandleDatagram(Packet(1, 1, 0), real));
        Assert.True(leg.IsLatched);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("127.0.0.5"), 41234), leg.Remote);
        Assert.False(leg.HandleDatagram(Packet(1, 2, 160), other));
        Assert.True(leg.HandleDatagram(Packet(1, 3, 320), real));
        Assert.False(leg.HandleDatagram(new byte[] { 1, 2, 3 }, real)); // not RTP
        Assert.Equal(2, sink.Packets.Count);
        Assert.Equal(2, leg.PacketsDropped);

        leg.SetRemote(new IPEndPoint(IPAddress.Loopback, 40002)); // re-INVITE: latch again
        Assert.True(leg.HandleDatagram(Packet(1, 4, 480), other));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("127.0.0.6"), 41234), leg.Remote);
    }

    [Fact]
    public void Leg_with_latching_disabled_only_accepts_the_signalled_address()
    {
        using var pair = RtpSocketPair.BindAny(IPAddress.Loopback);
        var signalled = new IPEndPoint(IPAddress.Loopback, 40000);
        using var leg = new RtpLeg(pair, signalled) { LatchingEnabled = false };
        Assert.False(leg.HandleDatagram(Packet(1, 1, 0), new IPEndPoint(IPAddress.Loopback, 40010).Serialize()));
        Assert.True(leg.HandleDatagram(Packet(1, 1, 0), signalled.Serialize()));
    }

    [Fact]
    public void Leg_decodes_telephone_events_and_still_forwards_them()
    {
        using var pair = RtpSocketPair.BindAny(IPAddress.Loopback);
        using var leg = new RtpLeg(pair);
        var sink = new CapturingSink();
        leg.Forward = sink;
        var digits = new List<char>();
        leg.TelephoneEvents.DigitStarted += d => digits.Add(d.Digit);
        var from = new IPEndPoint(IPAddress.Loopback, 5004).Serialize();
        foreach (var p in new SipGateway.Media.Events.TelephoneEventSender(101).BuildDigit('9')) leg.HandleDatagram(p, from);
        Assert.Equal(['9'], digits);
        Assert.Equal(4, sink.Packets.Count); // one update, three end packets
    }

    [Fact]
    public void Relay_forwards_between_two_real_legs_with_rewriting_and_latching()
    {
        using var peerA = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var peerB = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peerA.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        peerB.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        peerB.ReceiveTimeout = 5000;
        peerA.ReceiveTimeout = 5000;
        // B's SDP address is right; A's SDP address is wrong (behind NAT): latching must find it.
        using var relay = new RtpRelay(
            new RtpLeg(RtpSocketPair.BindAny(IPAddress.Loopback), new IPEndPoint(IPAddress.Loopback, 9)),
            new RtpLeg(RtpSocketPair.BindAny(IPAddress.Loopback), (IPEndPoint)peerB.LocalEndPoint!));
        relay.Start(TimeSpan.Zero);

        for (ushort i = 0; i < 10; i++) peerA.SendTo(Packet(0xA, (ushort)(500 + i), 160u * i), relay.A.LocalEndPoint);
        var buf = new byte[2048];
        var received = new List<RtpPacket>();
        for (int i = 0; i < 10; i++)
        {
            int n = peerB.Receive(buf);
            Assert.True(RtpPacket.TryParse(buf.AsSpan(0, n), out var h));
            received.Add(h);
        }
        Assert.All(received, h => Assert.Equal(relay.B.Outbound.Ssrc, h.Ssrc));
        for (int i = 1; i < 10; i++) Assert.Equal((ushort)(received[i - 1].SequenceNumber + 1), received[i].SequenceNumber);

        // B answers; the relay sends it to A's real (latched) address, not the SDP one.
        peerB.SendTo(Packet(0xB, 1, 0), relay.B.LocalEndPoint);
        int m = peerA.Receive(buf);
        Assert.True(RtpPacket.TryParse(buf.AsSpan(0, m), out var back));
        Assert.Equal(relay.A.Outbound.Ssrc, back.Ssrc);
        Assert.True(relay.A.IsLatched);
        Assert.Equal(peerA.LocalEndPoint, relay.A.Remote);
    }

    [Fact]
    public void Leg_rtcp_report_is_sr_after_sending_with_a_block_for_what_it_received()
    {
        using var pair = RtpSocketPair.BindAny(IPAddress.Loopback);
        using var leg = new RtpLeg(pair, new IPEndPoint(IPAddress.Loopback, 9));
        var from = new IPEndPoint(IPAddress.Loopback, 9).Serialize();
        for (ushort i = 0; i < 10; i++) if (i != 4) leg.HandleDatagram(Packet(77, i, 160u * i), from);
        var buf = new byte[256];
        Assert.True(RtcpPacket.TryParse(buf.AsSpan(0, leg.BuildRtcpReport(buf)), out var rr));
        Assert.False(rr!.IsSenderReport);
        Assert.Equal(1, rr.Blocks[0].CumulativeLost);
        Assert.Equal(77u, rr.Blocks[0].Ssrc);
        leg.Send(Packet(5, 1, 0));
        Assert.True(RtcpPacket.TryParse(buf.AsSpan(0, leg.BuildRtcpReport(buf)), out var sr));
        Assert.True(sr!.IsSenderReport);
        Assert.Equal(1u, sr.SenderPacketCount);
        Assert.Equal(160u, sr.SenderOctetCount);
        Assert.StartsWith("sipgw-", sr.Cname);
    }
}
