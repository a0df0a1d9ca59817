using SipGateway.Media.Rtp;
using SipGateway.Media.Transport;

namespace SipGateway.Media.Events;

/// <summary>
/// Builds and sends RFC 4733 telephone-event packets for digits.
/// Rules applied (RFC 4733 §2.5.1): all packets of one event carry the event's start time as RTP timestamp
/// and the marker bit only on the first (§2.5.1.1); updates are sent every <c>interval</c> with the
/// cumulative duration, so any single lost update is covered by the next (§2.5.1.2); the final packet with
/// the E bit is sent three times, each with a new sequence number and the same duration (§2.5.1.4); an event
/// longer than the 16-bit duration field is split into segments (§2.5.1.3). A new event starts only after
/// the previous one's three end packets, so events never overlap.
/// </summary>
public sealed class TelephoneEventSender
{
    private readonly int _payloadType;
    private readonly uint _ssrc;
    private readonly int _intervalSamples;
    private readonly byte _volume;
    private ushort _sequence;
    private uint _timestamp;

    public TelephoneEventSender(int payloadType = RtpPayloadTypes.DefaultTelephoneEvent, uint? ssrc = null,
        ushort? initialSequence = null, uint? initialTimestamp = null, int intervalMs = 50, byte volume = 10)
    {
        _payloadType = payloadType;
        _ssrc = ssrc ?? RtpSsrc.NewSsrc();
        _sequence = initialSequence ?? RtpSsrc.NewSequence();
        _timestamp = initialTimestamp ?? RtpSsrc.NewTimestamp();
        _intervalSamples = intervalMs * 8;
        _volume = volume;
    }

    public int IntervalMs => _intervalSamples / 8;

    /// <summary>The packets for one digit, in sending order, one per interval; advances the sender's
    /// timestamp past the digit plus <paramref name="gapMs"/> of silence.</summary>
    public List<byte[]> BuildDigit(char digit, int durationMs = 100, int gapMs = 50)
    {
        byte code = TelephoneEvent.FromDigit(digit);
        var packets = new List<byte[]>();
        long total = Math.Max(_intervalSamples, durationMs * 8L);
        uint eventStart = _timestamp;
        long remaining = total;
        bool first = true;
        while (remaining > 0)
        {
            // §2.5.1.3: a segment may last at most 0xFFFF timestamp units; the next segment restarts the clock.
            int segment = (int)Math.Min(remaining, 0xFFFF - (0xFFFF % _intervalSamples));
            remaining -= segment;
            bool lastSegment = remaining == 0;
            for (int d = _intervalSamples; d < segment; d += _intervalSamples)
            {
                packets.Add(Build(first, eventStart, new TelephoneEvent(code, false, _volume, (ushort)d)));
                first = false;
            }
            var end = new TelephoneEvent(code, true, _volume, (ushort)segment);
            int copies = lastSegment ? 3 : 1;
            for (int i = 0; i < copies; i++)
            {
                packets.Add(Build(first, eventStart, end));
                first = false;
            }
            eventStart += (uint)segment;
        }
        _timestamp = eventStart + (uint)(gapMs * 8);
        return packets;
    }

    /// <summary>Sends digits through a sink (e.g. an <see cref="Relay.RtpLeg"/>), one packet per interval.</summary>
    public async Task SendAsync(IRtpSink sink, string digits, int durationMs = 100, int gapMs = 50, CancellationToken cancellationToken = default)
    {
        foreach (char digit in digits)
        {
            foreach (var packet in BuildDigit(digit, durationMs, gapMs))
            {
                sink.Send(packet);
                await Task.Delay(IntervalMs, cancellationToken).ConfigureAwait(false);
            }
            if (gapMs > 0) await Task.Delay(gapMs, cancellationToken).ConfigureAwait(false);
        }
    }

    private byte[] Build(bool marker, uint timestamp, TelephoneEvent ev)
    {
        var packet = new byte[RtpPacket.HeaderSize + TelephoneEvent.Size];
        RtpPacket.WriteHeader(packet, marker, _payloadType, _sequence++, timestamp, _ssrc);
        ev.Write(packet.AsSpan(RtpPacket.HeaderSize));
        return packet;
    }
}
