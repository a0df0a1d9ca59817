using System.Buffers.Binary;

namespace SipGateway.Media.Rtp;

/// <summary>
/// The fixed RTP header (RFC 3550 §5.1) plus where the payload lies in the datagram.
/// Parsing and writing work on spans so the relay and paced senders never allocate per packet.
/// </summary>
public struct RtpPacket
{
    public const int HeaderSize = 12;
    public const int Version = 2;

    public bool Padding;
    public bool Extension;
    public int CsrcCount;
    public bool Marker;
    public int PayloadType;
    public ushort SequenceNumber;
    public uint Timestamp;
    public uint Ssrc;
    /// <summary>Offset of the payload in the datagram (after CSRCs and any header extension).</summary>
    public int PayloadOffset;
    /// <summary>Payload length, excluding padding (RFC 3550 §5.1, P bit).</summary>
    public int PayloadLength;

    /// <summary>Parses an RTP datagram. Returns false for anything that is not valid RTP version 2.</summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, out RtpPacket packet)
    {
        packet = default;
        if (datagram.Length < HeaderSize) return false;
        byte b0 = datagram[0];
        if ((b0 >> 6) != Version) return false;
        packet.Padding = (b0 & 0x20) != 0;
        packet.Extension = (b0 & 0x10) != 0;
        packet.CsrcCount = b0 & 0x0F;
        byte b1 = datagram[1];
        packet.Marker = (b1 & 0x80) != 0;
        packet.PayloadType = b1 & 0x7F;
        packet.SequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        packet.Timestamp = BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]);
        packet.Ssrc = BinaryPrimitives.ReadUInt32BigEndian(datagram[8..]);
        int offset = HeaderSize + (4 * packet.CsrcCount);
        if (datagram.Length < offset) return false;
        if (packet.Extension)
        {
            // RFC 3550 §5.3.1: 16-bit profile field, 16-bit length in 32-bit words, then the words.
            if (datagram.Length < offset + 4) return false;
            int words = BinaryPrimitives.ReadUInt16BigEndian(datagram[(offset + 2)..]);
            offset += 4 + (4 * words);
            if (datagram.Length < offset) return false;
        }
        int end = datagram.Length;
        if (packet.Padding)
        {
            int pad = datagram[^1];
            if (pad == 0 || end - pad < offset) return false;
            end -= pad;
        }
        packet.PayloadOffset = offset;
        packet.PayloadLength = end - offset;
        return true;
    }

    /// <summary>Writes a 12-byte header (no CSRCs, no extension, no padding) and returns its size.</summary>
    public static int WriteHeader(Span<byte> buffer, bool marker, int payloadType, ushort sequenceNumber, uint timestamp, uint ssrc)
    {
        if (buffer.Length < HeaderSize) throw new ArgumentException("buffer too short for an RTP header", nameof(buffer));
        buffer[0] = Version << 6;
        buffer[1] = (byte)((marker ? 0x80 : 0) | (payloadType & 0x7F));
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], sequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[8..], ssrc);
        return HeaderSize;
    }

    // In-place field access for the relay, which rewrites headers without re-serialising them.
    internal static ushort ReadSequence(ReadOnlySpan<byte> datagram) => BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
    internal static uint ReadTimestamp(ReadOnlySpan<byte> datagram) => BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]);
    internal static uint ReadSsrc(ReadOnlySpan<byte> datagram) => BinaryPrimitives.ReadUInt32BigEndian(datagram[8..]);
    internal static void WriteSequence(Span<byte> datagram, ushort value) => BinaryPrimitives.WriteUInt16BigEndian(datagram[2..], value);
    internal static void WriteTimestamp(Span<byte> datagram, uint value) => BinaryPrimitives.WriteUInt32BigEndian(datagram[4..], value);
    internal static void WriteSsrc(Span<byte> datagram, uint value) => BinaryPrimitives.WriteUInt32BigEndian(datagram[8..], value);
    internal static void SetPayloadType(Span<byte> datagram, int payloadType) => datagram[1] = (byte)((datagram[1] & 0x80) | (payloadType & 0x7F));
    internal static void SetMarker(Span<byte> datagram, bool marker) => datagram[1] = (byte)((datagram[1] & 0x7F) | (marker ? 0x80 : 0));

    /// <summary>Quick check used by demultiplexers: version 2 and long enough.</summary>
    public static bool LooksLikeRtp(ReadOnlySpan<byte> datagram) => datagram.Length >= HeaderSize && (datagram[0] >> 6) == Version;
}
