using System.Net;
using System.Net.Sockets;
using SipGateway.Media.Audio;
using SipGateway.Media.Codecs;
using SipGateway.Media.Pacing;
using SipGateway.Media.Relay;
using SipGateway.Media.Rtp;
using SipGateway.Media.Tones;
using SipGateway.Media.Transport;

namespace SipGateway.Media.Tests;

/// <summary>Music on hold and ringback played to a leg over real sockets on loopback.</summary>
[Collection(TimingSensitiveCollection.Name)]
public class LegPlayerTests
{
    private static Socket Peer()
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        s.ReceiveTimeout = 5000;
        KernelReceiveStamp.Enable(s);
        return s;
    }

    private static byte[] Packet(int pt, ushort seq, uint ts, byte fill = 0xFF)
    {
        var p = new byte[RtpPacket.HeaderSize + 160];
        RtpPacket.WriteHeader(p, false, pt, seq, ts, 0xAAAA);
        p.AsSpan(RtpPacket.HeaderSize).Fill(fill);
        return p;
    }

    /// <summary>A received packet and when it reached the socket (ns, kernel stamp).</summary>
    private sealed record Arrival(RtpPacket Header, byte[] Payload, long Nanoseconds);

    private static List<Arrival> Receive(Socket socket, int count) => Receive(socket, count, untilTimeout: false);

    /// <summary>Receives <paramref name="count"/> packets; with <paramref name="untilTimeout"/>, stops quietly at the
    /// socket's receive timeout and returns what came.</summary>
    private static List<Arrival> Receive(Socket socket, int count, bool untilTimeout)
    {
        var list = new List<Arrival>(count);
        var buf = new byte[2048];
        for (int i = 0; i < count; i++)
        {
            int n;
            try { n = socket.Receive(buf); }
            catch (SocketException) when (untilTimeout) { break; }
            long t = KernelReceiveStamp.Last(socket);
            Assert.True(RtpPacket.TryParse(buf.AsSpan(0, n), out var h));
            list.Add(new Arrival(h, buf.AsSpan(h.PayloadOffset, h.PayloadLength).ToArray(), t));
        }
        return list;
    }

    /// <summary>Median interval near 20 ms and no drift over the run, by kernel arrival stamps (loose enough for a
    /// loaded 2-core machine: the tight pacing figures are the pacing probe's).</summary>
    private static void AssertPaced(List<Arrival> packets)
    {
        var intervals = packets.Skip(1).Select((a, i) => (a.Nanoseconds - packets[i].Nanoseconds) / 1e6).OrderBy(x => x).ToList();
        double median = intervals[intervals.Count / 2];
        double span = (packets[^1].Nanoseconds - packets[0].Nanoseconds) / 1e6;
        Assert.InRange(median, 18, 22);
        Assert.InRange(span, intervals.Count * 20 * 0.95, intervals.Count * 20 * 1.05);
    }

    private static short[] Decode(IEnumerable<Arrival> packets, G711Law law)
    {
        var bytes = packets.SelectMany(p => p.Payload).ToArray();
        var pcm = new short[bytes.Length];
        G711.Decode(law, bytes, pcm);
        return pcm;
    }

    [Fact]
    public async Task Music_on_hold_from_a_wav_file_loops_in_the_leg_codec_continuing_its_stream_then_the_relay_resumes()
    {
        // A 0.5 s, 1 kHz "music" file: 1.2 s of playing goes round the loop twice.
        string path = Path.Combine(Path.GetTempPath(), $"moh-{Guid.NewGuid():N}.wav");
        File.WriteAllBytes(path, TestAudio.Wav(1, 1, 8000, 16, TestAudio.Pcm16(TestAudio.Sine(1000, 8000, 4000, 8000))));
        AudioClip clip;
        try { clip = WavReader.Read(path); }
        finally { File.Delete(path); }

        using var peerA = Peer();
        using var peerB = Peer();
        var legA = new RtpLeg(RtpSocketPair.BindAny(IPAddress.Loopback), (IPEndPoint)peerA.LocalEndPoint!) { AudioPayloadType = RtpPayloadTypes.Pcmu };
        var legB = new RtpLeg(RtpSocketPair.BindAny(IPAddress.Loopback), (IPEndPoint)peerB.LocalEndPoint!) { AudioPayloadType = RtpPayloadTypes.Pcma };
        using var relay = new RtpRelay(legA, legB);
        relay.Start(TimeSpan.Zero);
        using var pacer = new PacedSender(1);

        // Relayed audio first (A talks to B).
        for (ushort i = 0; i < 3; i++) peerA.SendTo(Packet(0, (ushort)(100 + i), 160u * i), legA.LocalEndPoint);
        var before = Receive(peerB, 3);

        var player = LegPlayer.PlayClip(pacer, legB, clip, loop: true, holdRelay: relay);
        // While B is held, what A sends is taken in and dropped.
        for (ushort i = 3; i < 6; i++) peerA.SendTo(Packet(0, (ushort)(100 + i), 160u * i), legA.LocalEndPoint);
        var music = Receive(peerB, 60);
        Assert.True(SpinWait.SpinUntil(() => legA.PacketsReceived == 6, TimeSpan.FromSeconds(5)));
        await player.StopAsync().WaitAsync(TimeSpan.FromSeconds(5)); // throws TimeoutException if it never stops
        peerB.ReceiveTimeout = 200;
        var tail = Receive(peerB, 10, untilTimeout: true); // the frame or two already due when Stop came
        peerB.ReceiveTimeout = 5000;

        // Resumed: relayed audio follows on in the same stream.
        peerA.SendTo(Packet(0, 106, 160u * 6), legA.LocalEndPoint);
        var after = Receive(peerB, 1);

        var all = before.Concat(music).Concat(tail).Concat(after).ToList();
        Assert.All(all, a => Assert.Equal(legB.Outbound.Ssrc, a.Header.Ssrc));
        Assert.All(all, a => Assert.Equal(RtpPayloadTypes.Pcma, a.Header.PayloadType)); // relayed PCMU converted, music encoded as A-law
        for (int i = 1; i < all.Count; i++) Assert.Equal((ushort)(all[i - 1].Header.SequenceNumber + 1), all[i].Header.SequenceNumber);
        for (int i = 1; i < music.Count; i++) Assert.Equal(160u, music[i].Header.Timestamp - music[i - 1].Header.Timestamp);
        Assert.True(music[0].Header.Marker); // a new source starts a talkspurt (RFC 3551 §4.1)
        Assert.True((int)(music[0].Header.Timestamp - before[^1].Header.Timestamp) >= 160);
        Assert.True(after[0].Header.Marker);

        var pcm = Decode(music, G711Law.ALaw);
        Assert.True(Goertzel.RelativeLevelDb(pcm, 1000) > -0.5);
        Assert.InRange(Goertzel.Amplitude(pcm, 1000), 7600, 8400);
        // Looped without a seam: every 20 ms frame carries the tone at full level, across both wrap points.
        for (int f = 0; f < music.Count; f++) Assert.InRange(Goertzel.Amplitude(pcm.AsSpan(f * 160, 160), 1000), 7000, 9000);
        AssertPaced(music);
    }

    [Fact]
    public async Task Ringback_plays_its_cadence_in_pcmu_paced_every_20ms_and_stops_on_dispose()
    {
        using var peer = Peer();
        using var leg = new RtpLeg(RtpSocketPair.BindAny(IPAddress.Loopback), (IPEndPoint)peer.LocalEndPoint!);
        using var pacer = new PacedSender(1);
        // A short cadence so one second covers on, off and on again.
        var tones = new ToneOptions { Ringback = new ToneSpec("440+480/200,0/200", repeat: true, levelDbm0: -19) };
        var player = LegPlayer.PlayRingback(pacer, leg, tones);
        var packets = Receive(peer, 50);
        player.Dispose();
        await player.Completion.WaitAsync(TimeSpan.FromSeconds(5));
        long sent = player.PacketsSent;
        Assert.InRange(sent, 50, 53);
        Thread.Sleep(100); // five frame times: nothing more may come
        Assert.Equal(sent, player.PacketsSent);

        Assert.All(packets, p => Assert.Equal(RtpPayloadTypes.Pcmu, p.Header.PayloadType));
        var pcm = Decode(packets, G711Law.MuLaw);
        var on = pcm.AsSpan(0, 1600);
        var off = pcm.AsSpan(1600, 1600);
        var onAgain = pcm.AsSpan(3200, 1600);
        // -19 dBm0 per component: 22706 * 10^(-19/20) ≈ 2550 peak.
        Assert.InRange(Goertzel.Amplitude(on, 440), 2300, 2800);
        Assert.InRange(Goertzel.Amplitude(on, 480), 2300, 2800);
        Assert.True(Goertzel.Amplitude(on, 1000) < 100);
        Assert.True(TestAudio.Rms(off) < 10);
        Assert.InRange(Goertzel.Amplitude(onAgain, 440), 2300, 2800);
        AssertPaced(packets);
    }

    [Fact]
    public void A_leg_with_a_codec_other_than_g711_is_refused()
    {
        using var leg = new RtpLeg(RtpSocketPair.BindAny(IPAddress.Loopback)) { AudioPayloadType = 18 };
        using var pacer = new PacedSender(1);
        Assert.Throws<ArgumentException>(() => LegPlayer.PlayRingback(pacer, leg));
    }
}
