using System.Net;
using System.Net.Sockets;
using SipGateway.Media.Audio;
using SipGateway.Media.Codecs;
using SipGateway.Media.Events;
using SipGateway.Media.Relay;
using SipGateway.Media.Rtp;
using SipGateway.Media.Transport;

namespace SipGateway.Media.Tests;

/// <summary>PCMU on one leg, PCMA on the other: the relay converts in place, in both receive paths.</summary>
public class TranscodingRelayTests
{
    [Fact]
    public void Tables_are_bit_exact_with_decoding_to_linear_and_encoding_again()
    {
        for (int c = 0; c < 256; c++)
        {
            Assert.Equal(ALaw.Encode(MuLaw.Decode((byte)c)), G711Transcoder.MuLawToALaw((byte)c));
            Assert.Equal(MuLaw.Encode(ALaw.Decode((byte)c)), G711Transcoder.ALawToMuLaw((byte)c));
        }
        var payload = new byte[] { 0xFF, 0x7F, 0x80, 0x00 };
        G711Transcoder.Transcode(G711Law.MuLaw, G711Law.ALaw, payload);
        // mu-law +0 (0xFF) and -0 (0x7F) both decode to 0, which A-law encodes as 0xD5; full scale maps to full scale.
        Assert.Equal(new byte[] { 0xD5, 0xD5, 0xAA, 0x2A }, payload);
    }

    private static Socket Peer()
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        s.ReceiveTimeout = 5000;
        return s;
    }

    private static byte[] Packet(int pt, ushort seq, uint ts, ReadOnlySpan<byte> payload)
    {
        var p = new byte[RtpPacket.HeaderSize + payload.Length];
        RtpPacket.WriteHeader(p, false, pt, seq, ts, 0x1234);
        payload.CopyTo(p.AsSpan(RtpPacket.HeaderSize));
        return p;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_mu_law_tone_into_one_leg_arrives_as_a_law_on_the_other_and_back(bool batches)
    {
        if (batches && !LinuxDatagramCalls.IsSupported) return;
        using var peerA = Peer();
        using var peerB = Peer();
        var legA = new RtpLeg(RtpSocketPair.BindAny(IPAddress.Loopback), (IPEndPoint)peerA.LocalEndPoint!)
        { ReceiveInBatches = batches, AudioPayloadType = RtpPayloadTypes.Pcmu, TelephoneEventPayloadType = 101 };
        var legB = new RtpLeg(RtpSocketPair.BindAny(IPAddress.Loopback), (IPEndPoint)peerB.LocalEndPoint!)
        { ReceiveInBatches = batches, AudioPayloadType = RtpPayloadTypes.Pcma, TelephoneEventPayloadType = 96 };
        using var relay = new RtpRelay(legA, legB);
        relay.Start(TimeSpan.Zero);

        const int Frames = 50; // 1 s of 20 ms frames
        var tone = TestAudio.Sine(1000, 8000, Frames * 160, amplitude: 10000);
        var mu = new byte[tone.Length];
        MuLaw.Encode(tone, mu);
        for (int f = 0; f < Frames; f++) peerA.SendTo(Packet(0, (ushort)f, (uint)(f * 160), mu.AsSpan(f * 160, 160)), legA.LocalEndPoint);

        var alaw = new byte[tone.Length];
        var buf = new byte[2048];
        for (int f = 0; f < Frames; f++)
        {
            int n = peerB.Receive(buf);
            Assert.True(RtpPacket.TryParse(buf.AsSpan(0, n), out var h));
            Assert.Equal(RtpPayloadTypes.Pcma, h.PayloadType);
            Assert.Equal(160, h.PayloadLength);
            buf.AsSpan(h.PayloadOffset, 160).CopyTo(alaw.AsSpan(f * 160)); // loopback keeps order
        }
        // Bit-exact with mu-law -> linear -> A-law.
        for (int i = 0; i < mu.Length; i++) Assert.Equal(ALaw.Encode(MuLaw.Decode(mu[i])), alaw[i]);
        var decoded = new short[alaw.Length];
        ALaw.Decode(alaw, decoded);
        // Close to the original sample by sample: two G.711 quantisations, each within half a step (≤ 1/32 of the value).
        for (int i = 0; i < tone.Length; i++)
            Assert.True(Math.Abs(decoded[i] - tone[i]) <= (Math.Abs(tone[i]) / 16) + 48, $"sample {i}: {decoded[i]} vs {tone[i]}");
        Assert.InRange(Goertzel.Amplitude(decoded, 1000), 9500, 10500);
        Assert.True(Goertzel.RelativeLevelDb(decoded, 1000) > -0.5);

        // The other way: A-law from B arrives as mu-law at A.
        var a = new byte[160];
        ALaw.Encode(tone.AsSpan(0, 160), a);
        peerB.SendTo(Packet(8, 1, 0, a), legB.LocalEndPoint);
        int m = peerA.Receive(buf);
        Assert.True(RtpPacket.TryParse(buf.AsSpan(0, m), out var back));
        Assert.Equal(RtpPayloadTypes.Pcmu, back.PayloadType);
        for (int i = 0; i < 160; i++) Assert.Equal(MuLaw.Encode(ALaw.Decode(a[i])), buf[back.PayloadOffset + i]);

        // A telephone event keeps its payload and takes B's payload type number; comfort noise (13) passes as it is.
        var ev = new byte[4];
        new TelephoneEvent(5, false, 10, 160).Write(ev);
        peerA.SendTo(Packet(101, Frames, Frames * 160, ev), legA.LocalEndPoint);
        peerA.SendTo(Packet(13, Frames + 1, Frames * 160, [40]), legA.LocalEndPoint);
        int e = peerB.Receive(buf);
        Assert.True(RtpPacket.TryParse(buf.AsSpan(0, e), out var evh));
        Assert.Equal(96, evh.PayloadType);
        Assert.Equal(ev, buf.AsSpan(evh.PayloadOffset, evh.PayloadLength).ToArray());
        int c = peerB.Receive(buf);
        Assert.True(RtpPacket.TryParse(buf.AsSpan(0, c), out var cn));
        Assert.Equal(13, cn.PayloadType);
        Assert.Equal(40, buf[cn.PayloadOffset]);
        Assert.Equal((ushort)(evh.SequenceNumber + 1), cn.SequenceNumber);
    }

    [Fact]
    public void Same_law_or_unknown_destination_forwards_payloads_unchanged()
    {
        using var pairA = RtpSocketPair.BindAny(IPAddress.Loopback);
        using var legA = new RtpLeg(pairA);
        var sink = new CapturingSink();
        legA.Forward = sink; // not a leg: no conversion
        var payload = new byte[160];
        Array.Fill(payload, (byte)0x12);
        var from = new IPEndPoint(IPAddress.Loopback, 5004).Serialize();
        legA.HandleDatagram(Packet(0, 1, 0, payload), from);
        Assert.Equal(payload, sink.Packets[0].AsSpan(12).ToArray());
        Assert.Equal(0, sink.Packets[0][1] & 0x7F);
        Assert.Throws<ArgumentOutOfRangeException>(() => legA.AudioPayloadType = 128);
        legA.AudioPayloadType = null;
        Assert.Null(legA.AudioPayloadType);
    }
}
