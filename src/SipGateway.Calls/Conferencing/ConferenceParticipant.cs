using SipGateway.Media.Audio;
using SipGateway.Media.Codecs;
using SipGateway.Media.Pacing;
using SipGateway.Media.Rtp;
using SipGateway.Media.Transport;

namespace SipGateway.Calls.Conferencing;

/// <summary>
/// One party of a conference bridge. What its RTP leg receives is decoded into a small ring of 20 ms frames
/// (<see cref="IRtpSink"/>); what it hears is pulled by its paced stream (<see cref="IAudioSource"/>): the sum of every
/// other party's next frame, never its own (mix-minus). Each listener keeps its own read position in every other
/// party's ring, so a frame is heard once by each listener whatever the phase of the two 20 ms clocks.
/// </summary>
public sealed class ConferenceParticipant : IRtpSink, IAudioSource
{
    internal const int FrameSamples = 160;
    private const int RingFrames = 8;
    /// <summary>A listener more than this many frames behind a talker skips ahead (bounded delay, no drift).</summary>
    private const int MaxLagFrames = 4;

    private readonly short[][] _ring = Enumerable.Range(0, RingFrames).Select(_ => new short[FrameSamples]).ToArray();
    private readonly Dictionary<ConferenceParticipant, long> _cursors = new();
    private readonly int[] _sum = new int[FrameSamples];
    private long _written;

    public ConferenceParticipant(string name, ConferenceBridge bridge)
    {
        Name = name;
        Bridge = bridge;
    }

    public string Name { get; }
    public ConferenceBridge Bridge { get; }
    internal PacedStream? Stream { get; set; }
    public long FramesReceived => Interlocked.Read(ref _written);

    /// <summary>A datagram from the party's RTP leg: G.711 audio becomes the next frame; anything else is ignored.</summary>
    public void Send(Span<byte> datagram)
    {
        if (!RtpPacket.TryParse(datagram, out var header) || header.PayloadType is not (RtpPayloadTypes.Pcmu or RtpPayloadTypes.Pcma)) return;
        var payload = datagram.Slice(header.PayloadOffset, Math.Min(header.PayloadLength, FrameSamples));
        lock (_ring)
        {
            var frame = _ring[_written % RingFrames];
            G711.Decode(G711.FromPayloadType(header.PayloadType), payload, frame);
            if (payload.Length < FrameSamples) Array.Clear(frame, payload.Length, FrameSamples - payload.Length);
            _written++;
        }
    }

    /// <summary>The next 20 ms this party hears: every other party's next unheard frame, summed and clipped.</summary>
    public int Read(Span<short> buffer)
    {
        int n = Math.Min(buffer.Length, FrameSamples);
        Array.Clear(_sum);
        foreach (var talker in Bridge.Participants)
        {
            if (ReferenceEquals(talker, this)) continue;
            talker.AddNextFrame(this, _sum);
        }
        for (int i = 0; i < n; i++) buffer[i] = (short)Math.Clamp(_sum[i], short.MinValue, short.MaxValue);
        return n;
    }

    /// <summary>Adds this talker's next frame for <paramref name="listener"/> to <paramref name="sum"/> (nothing on underrun).</summary>
    private void AddNextFrame(ConferenceParticipant listener, int[] sum)
    {
        lock (_ring)
        {
            if (!_cursors.TryGetValue(listener, out var cursor)) cursor = Math.Max(0, _written - 2);
            if (_written - cursor > MaxLagFrames) cursor = _written - 2;
            if (cursor >= _written)
            {
                _cursors[listener] = cursor;
                return;
            }
            var frame = _ring[cursor % RingFrames];
            for (int i = 0; i < FrameSamples; i++) sum[i] += frame[i];
            _cursors[listener] = cursor + 1;
        }
    }

    internal void Forget(ConferenceParticipant listener)
    {
        lock (_ring) _cursors.Remove(listener);
    }
}
