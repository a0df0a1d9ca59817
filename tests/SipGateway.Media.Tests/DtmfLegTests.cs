using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using SipGateway.Media.Events;
using SipGateway.Media.Relay;
using SipGateway.Media.Rtp;
using SipGateway.Media.Transport;

namespace SipGateway.Media.Tests;

/// <summary>RFC 4733 digits on a leg over real sockets: reported once, not forwarded when asked, and sent in one call.</summary>
public class DtmfLegTests
{
    private static Socket Peer()
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        s.ReceiveTimeout = 5000;
        return s;
    }

    private static byte[] Audio(ushort seq, uint ts)
    {
        var p = new byte[RtpPacket.HeaderSize + 160];
        RtpPacket.WriteHeader(p, false, RtpPayloadTypes.Pcmu, seq, ts, 0xA0);
        p.AsSpan(RtpPacket.HeaderSize).Fill(0xFF);
        return p;
    }

    /// <summary>A digit's packets in the same SSRC and numbering as <see cref="Audio"/> (as a phone sends them).</summary>
    private static List<byte[]> Digit(char digit, ushort firstSeq, uint ts, int durationMs = 160)
        => new TelephoneEventSender(101, ssrc: 0xA0, initialSequence: firstSeq, initialTimestamp: ts, intervalMs: 20).BuildDigit(digit, durationMs, 0);

    private static RtpLeg Leg(Socket peer, bool batches) =>
        new(RtpSocketPair.BindAny(IPAddress.Loopback), (IPEndPoint)peer.LocalEndPoint!) { ReceiveInBatches = batches };

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Each_completed_event_is_reported_once_and_events_can_be_kept_from_the_other_leg(bool batches)
    {
        if (batches && !LinuxDatagramCalls.IsSupported) return;
        using var peerA = Peer();
        using var peerB = Peer();
        var legA = Leg(peerA, batches);
        var legB = Leg(peerB, batches);
        legA.ForwardTelephoneEvents = false; // B gets digits by SIP INFO
        var digits = new BlockingCollection<ReceivedDigit>();
        legA.DigitReceived += digits.Add;
        using var relay = new RtpRelay(legA, legB);
        relay.Start(TimeSpan.Zero);

        ushort seq = 1;
        for (int i = 0; i < 3; i++, seq++) peerA.SendTo(Audio(seq, seq * 160u), legA.LocalEndPoint);
        var five = Digit('5', seq, seq * 160u);
        foreach (var p in five) peerA.SendTo(p, legA.LocalEndPoint);
        peerA.SendTo(five[^1], legA.LocalEndPoint); // a retransmission of the end packet
        seq += (ushort)five.Count;
        // '#' whose three end packets are all lost: reported when the next event starts.
        var hash = Digit('#', seq, 5000);
        foreach (var p in hash.SkipLast(3)) peerA.SendTo(p, legA.LocalEndPoint);
        seq += (ushort)hash.Count; // the lost end packets used numbers too
        var one = Digit('1', seq, 9000, 100);
        foreach (var p in one) peerA.SendTo(p, legA.LocalEndPoint);
        seq += (ushort)one.Count;
        for (int i = 0; i < 3; i++, seq++) peerA.SendTo(Audio(seq, seq * 160u), legA.LocalEndPoint);

        Assert.True(digits.TryTake(out var d1, 5000));
        Assert.True(digits.TryTake(out var d2, 5000));
        Assert.True(digits.TryTake(out var d3, 5000));
        Assert.Equal(('5', 160, true), (d1.Digit, d1.DurationMs, d1.Ended));
        Assert.Equal(('#', 140, true), (d2.Digit, d2.DurationMs, d2.Ended)); // the last update seen: 140 ms
        Assert.Equal(('1', 100, true), (d3.Digit, d3.DurationMs, d3.Ended));
        Assert.False(digits.TryTake(out _, 200)); // no repeats

        // B got the six audio packets and no events, numbered without gaps but for the three packets really lost.
        var buf = new byte[2048];
        var got = new List<RtpPacket>();
        for (int i = 0; i < 6; i++)
        {
            int n = peerB.Receive(buf);
            Assert.True(RtpPacket.TryParse(buf.AsSpan(0, n), out var h));
            got.Add(h);
        }
        Assert.All(got, h => Assert.Equal(RtpPayloadTypes.Pcmu, h.PayloadType));
        for (int i = 1; i < got.Count; i++) Assert.Equal((ushort)(got[i - 1].SequenceNumber + (i == 3 ? 4 : 1)), got[i].SequenceNumber);
        peerB.ReceiveTimeout = 200;
        Assert.Throws<SocketException>(() => peerB.Receive(buf));
    }

    [Fact]
    public async Task SendDigit_puts_a_complete_rfc4733_event_into_the_leg_stream_alongside_relayed_audio()
    {
        using var peerA = Peer();
        using var peerB = Peer();
        var legA = Leg(peerA, LinuxDatagramCalls.IsSupported);
        var legB = Leg(peerB, LinuxDatagramCalls.IsSupported);
        legB.TelephoneEventPayloadType = 96;
        using var relay = new RtpRelay(legA, legB);
        relay.Start(TimeSpan.Zero);

        // Audio flows A -> B before and during the digits (a phone on the other side keeps talking).
        var received = new List<(RtpPacket Header, byte[] Datagram)>();
        var buf = new byte[2048];
        // Audio timestamps follow the real clock from here, as a phone's sampling clock does, whenever a packet is sent.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (ushort i = 0; i < 3; i++) peerA.SendTo(Audio(i, i * 160u), legA.LocalEndPoint);
        for (int i = 0; i < 3; i++)
        {
            int n = peerB.Receive(buf);
            Assert.True(RtpPacket.TryParse(buf.AsSpan(0, n), out var h));
            received.Add((h, buf.AsSpan(0, n).ToArray()));
        }
        using var stop = new CancellationTokenSource();
        var talker = Task.Run(async () =>
        {
            for (ushort i = 3; i < 60 && !stop.IsCancellationRequested; i++)
            {
                peerA.SendTo(Audio(i, (uint)(480 + (clock.ElapsedMilliseconds / 20 * 160))), legA.LocalEndPoint);
                await Task.Delay(20);
            }
        });
        // Two digits at once: the second waits for the first (events must not overlap).
        var first = legB.SendDigitAsync('5', TimeSpan.FromMilliseconds(160));
        var second = legB.SendDigitAsync('#', TimeSpan.FromMilliseconds(100));
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(10));
        stop.Cancel();
        await talker.WaitAsync(TimeSpan.FromSeconds(5));

        peerB.ReceiveTimeout = 300;
        while (true)
        {
            int n;
            try { n = peerB.Receive(buf); }
            catch (SocketException) { break; }
            Assert.True(RtpPacket.TryParse(buf.AsSpan(0, n), out var h));
            received.Add((h, buf.AsSpan(0, n).ToArray()));
        }

        // One stream: one SSRC, every sequence number once, no gaps (two threads send, so arrival order may swap).
        Assert.All(received, r => Assert.Equal(legB.Outbound.Ssrc, r.Header.Ssrc));
        var seqs = received.Select(r => (int)(ushort)(r.Header.SequenceNumber - received[0].Header.SequenceNumber)).OrderBy(s => s).ToList();
        Assert.Equal(Enumerable.Range(0, received.Count), seqs);

        var events = received.Where(r => r.Header.PayloadType == 96).ToList();
        var audio = received.Where(r => r.Header.PayloadType == RtpPayloadTypes.Pcmu).ToList();
        Assert.Equal(received.Count, events.Count + audio.Count);
        Assert.True(audio.Count > 6, $"only {audio.Count} audio packets came through during the digits");

        var receiver = new TelephoneEventReceiver();
        var ended = new List<ReceivedDigit>();
        receiver.DigitEnded += ended.Add;
        foreach (var e in events) receiver.Process(e.Datagram);
        Assert.Equal([('5', 160), ('#', 100)], ended.Select(d => (d.Digit, d.DurationMs)));

        var five = events.Where(e => e.Datagram[RtpPacket.HeaderSize] == 5).ToList();
        Assert.Equal(7 + 3, five.Count); // updates every 20 ms up to 140 ms, then the end three times (RFC 4733 §2.5.1.4)
        Assert.Single(five, e => e.Header.Marker);
        Assert.True(five.OrderBy(e => (ushort)(e.Header.SequenceNumber - received[0].Header.SequenceNumber)).First().Header.Marker, "marker not on the first packet");
        Assert.All(five, e => Assert.Equal(five[0].Header.Timestamp, e.Header.Timestamp));
        Assert.Equal(3, five.Count(e => (e.Datagram[RtpPacket.HeaderSize + 1] & 0x80) != 0));
        // The event starts on the audio clock: after the audio already sent, within a few frames of it.
        uint lastAudioBefore = received.Take(3).Last().Header.Timestamp;
        Assert.InRange((int)(five[0].Header.Timestamp - lastAudioBefore), 0, 8000);
        var hash = events.Where(e => e.Datagram[RtpPacket.HeaderSize] == 11).ToList();
        // Events never overlap (RFC 4733 §2.5.1.3): the second starts after the first's 160 ms, plus a gap of nominally
        // 50 ms (not asserted to the ms: it is measured on the relayed audio's clock, which has its own delays).
        int between = (int)(hash[0].Header.Timestamp - five[0].Header.Timestamp);
        Assert.True(between > 160 * 8, $"second event {between} timestamp units after the first: "
            + string.Join(" ", received.Select(r => $"{r.Header.PayloadType}/{r.Header.SequenceNumber}/{r.Header.Timestamp}")));
    }

    [Fact]
    public async Task SendDigit_refuses_a_bad_digit_or_duration()
    {
        using var peer = Peer();
        using var leg = Leg(peer, false);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => leg.SendDigitAsync('x', TimeSpan.FromMilliseconds(100)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => leg.SendDigitAsync('1', TimeSpan.Zero));
    }
}
