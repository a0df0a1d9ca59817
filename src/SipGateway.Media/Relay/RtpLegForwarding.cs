using SipGateway.Media.Codecs;
using SipGateway.Media.Rtp;
using SipGateway.Media.Transport;

namespace SipGateway.Media.Relay;

/// <summary>
/// The forward step of a leg: what a received packet becomes on its way to <see cref="RtpLeg.Forward"/>. Between two
/// legs that negotiated different G.711 laws the payload is converted in place (same size, one table lookup per byte)
/// and the payload type renumbered; telephone-event packets keep their payload and take the destination's number
/// (RFC 4733 §7: the number is dynamic, each side's SDP picks its own). Works on the receive buffer itself in both
/// receive paths, so it allocates nothing.
/// </summary>
public sealed partial class RtpLeg
{
    private volatile int _audioPayloadType = -1;
    private volatile bool _forwardTelephoneEvents = true;

    /// <summary>The audio payload type this leg's peer negotiated (SDP answer): <see cref="RtpPayloadTypes.Pcmu"/> (0) or
    /// <see cref="RtpPayloadTypes.Pcma"/> (8), what the peer sends and expects to receive. G.711 relayed to this leg in
    /// the other law is converted to this one; null (the default) forwards payloads unchanged. Other values are
    /// allowed (no conversion happens for them).</summary>
    public int? AudioPayloadType
    {
        get => _audioPayloadType < 0 ? null : _audioPayloadType;
        set
        {
            if (value is < 0 or > 127) throw new ArgumentOutOfRangeException(nameof(value), value, "RTP payload types are 0..127");
            _audioPayloadType = value ?? -1;
        }
    }

    /// <summary>Whether telephone-event packets received on this leg are forwarded (default true). Set false when the
    /// other side gets digits another way (SIP INFO, see <see cref="Events.SipInfoDtmf"/>): they are still decoded and
    /// reported by <see cref="DigitReceived"/>, and the sequence numbers toward the other leg stay contiguous.</summary>
    public bool ForwardTelephoneEvents
    {
        get => _forwardTelephoneEvents;
        set => _forwardTelephoneEvents = value;
    }

    private void ForwardDatagram(Span<byte> datagram, in RtpPacket header, bool isEvent, SendBatch? sends)
    {
        var forward = Forward;
        if (forward == null) return;
        if (forward is not RtpLeg leg)
        {
            if (!isEvent || _forwardTelephoneEvents) forward.Send(datagram);
            return;
        }
        if (isEvent)
        {
            if (!_forwardTelephoneEvents)
            {
                leg.Outbound.Skip(datagram);
                return;
            }
            RtpPacket.SetPayloadType(datagram, leg.TelephoneEventPayloadType);
        }
        else
        {
            TranscodeFor(leg, datagram, header);
        }
        if (sends != null) leg.Stage(datagram, sends);
        else leg.Send(datagram);
    }

    /// <summary>Converts a PCMU/PCMA packet to the law <paramref name="destination"/> negotiated, payload type included.</summary>
    private static void TranscodeFor(RtpLeg destination, Span<byte> datagram, in RtpPacket header)
    {
        int target = destination._audioPayloadType;
        int source = header.PayloadType;
        if (source == target || !IsG711(source) || !IsG711(target)) return;
        G711Transcoder.Transcode(G711.FromPayloadType(source), G711.FromPayloadType(target),
            datagram.Slice(header.PayloadOffset, header.PayloadLength));
        RtpPacket.SetPayloadType(datagram, target);
    }

    private static bool IsG711(int payloadType) => payloadType is RtpPayloadTypes.Pcmu or RtpPayloadTypes.Pcma;
}
