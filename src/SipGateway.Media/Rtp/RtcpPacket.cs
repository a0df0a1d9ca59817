using System.Buffers.Binary;
using System.Text;

namespace SipGateway.Media.Rtp;

/// <summary>
/// Sender and receiver reports (RFC 3550 §6.4.1, §6.4.2) with the SDES CNAME item every compound
/// packet must carry (§6.1, §6.5.1). Parsing walks a compound packet and returns the first SR or RR.
/// </summary>
public sealed class RtcpPacket
{
    public const int SenderReportType = 200;
    public const int ReceiverReportType = 201;
    public const int SdesType = 202;
    public const int ByeType = 203;

    public int PacketType { get; init; }
    public uint Ssrc { get; init; }
    /// <summary>NTP timestamp of an SR (64-bit, RFC 3550 §4); zero for an RR.</summary>
    public ulong NtpTimestamp { get; init; }
    public uint RtpTimestamp { get; init; }
    public uint SenderPacketCount { get; init; }
    public uint SenderOctetCount { get; init; }
    public IReadOnlyList<RtcpReportBlock> Blocks { get; init; } = Array.Empty<RtcpReportBlock>();
    public string? Cname { get; init; }

    public bool IsSenderReport => PacketType == SenderReportType;

    /// <summary>Writes an SR (28 bytes + 24 per block). Returns the bytes written.</summary>
    public static int WriteSenderReport(Span<byte> buffer, uint ssrc, ulong ntpTimestamp, uint rtpTimestamp,
        uint packetCount, uint octetCount, ReadOnlySpan<RtcpReportBlock> blocks)
    {
        int length = 28 + (RtcpReportBlock.Size * blocks.Length);
        WriteCommonHeader(buffer, blocks.Length, SenderReportType, length);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(buffer[8..], ntpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[16..], rtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[20..], packetCount);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[24..], octetCount);
        WriteBlocks(buffer[28..], blocks);
        return length;
    }

    /// <summary>Writes an RR (8 bytes + 24 per block). Returns the bytes written.</summary>
    public static int WriteReceiverReport(Span<byte> buffer, uint ssrc, ReadOnlySpan<RtcpReportBlock> blocks)
    {
        int length = 8 + (RtcpReportBlock.Size * blocks.Length);
        WriteCommonHeader(buffer, blocks.Length, ReceiverReportType, length);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], ssrc);
        WriteBlocks(buffer[8..], blocks);
        return length;
    }

    /// <summary>Writes an SDES packet with one chunk holding the CNAME item (RFC 3550 §6.5).</summary>
    public static int WriteSdesCname(Span<byte> buffer, uint ssrc, string cname)
    {
        int nameLength = Math.Min(255, Encoding.UTF8.GetByteCount(cname));
        // chunk: SSRC, item type 1, length, text, then at least one null octet, padded to 32 bits.
        int chunk = 4 + 2 + nameLength + 1;
        chunk = (chunk + 3) & ~3;
        int length = 4 + chunk;
        WriteCommonHeader(buffer, 1, SdesType, length);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], ssrc);
        buffer[8] = 1; // CNAME
        buffer[9] = (byte)nameLength;
        Encoding.UTF8.GetBytes(cname.AsSpan(), buffer.Slice(10, nameLength));
        buffer[(10 + nameLength)..length].Clear();
        return length;
    }

    /// <summary>Finds the first SR or RR in a compound packet (and the CNAME if present).</summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, out RtcpPacket? report)
    {
        report = null;
        int offset = 0;
        RtcpPacket? found = null;
        string? cname = null;
        while (offset + 4 <= datagram.Length)
        {
            var part = datagram[offset..];
            if ((part[0] >> 6) != 2) return false;
            int count = part[0] & 0x1F;
            int type = part[1];
            int length = (BinaryPrimitives.ReadUInt16BigEndian(part[2..]) + 1) * 4;
            if (length > part.Length) return false;
            part = part[..length];
            if (found == null && type == SenderReportType && length >= 28 + (count * RtcpReportBlock.Size))
            {
                found = new RtcpPacket
                {
                    PacketType = type,
                    Ssrc = BinaryPrimitives.ReadUInt32BigEndian(part[4..]),
                    NtpTimestamp = BinaryPrimitives.ReadUInt64BigEndian(part[8..]),
                    RtpTimestamp = BinaryPrimitives.ReadUInt32BigEndian(part[16..]),
                    SenderPacketCount = BinaryPrimitives.ReadUInt32BigEndian(part[20..]),
                    SenderOctetCount = BinaryPrimitives.ReadUInt32BigEndian(part[24..]),
                    Blocks = ReadBlocks(part[28..], count),
                };
            }
            else if (found == null && type == ReceiverReportType && length >= 8 + (count * RtcpReportBlock.Size))
            {
                found = new RtcpPacket
                {
                    PacketType = type,
                    Ssrc = BinaryPrimitives.ReadUInt32BigEndian(part[4..]),
                    Blocks = ReadBlocks(part[8..], count),
                };
            }
            else if (type == SdesType && count > 0 && length >= 10 && part[8] == 1 && 10 + part[9] <= length)
            {
                cname = Encoding.UTF8.GetString(part.Slice(10, part[9]));
            }
            offset += length;
        }
        if (found == null) return false;
        report = cname == null ? found : new RtcpPacket
        {
            PacketType = found.PacketType, Ssrc = found.Ssrc, NtpTimestamp = found.NtpTimestamp,
            RtpTimestamp = found.RtpTimestamp, SenderPacketCount = found.SenderPacketCount,
            SenderOctetCount = found.SenderOctetCount, Blocks = found.Blocks, Cname = cname,
        };
        return true;
    }

    /// <summary>Converts a UTC time to the 64-bit NTP format (seconds since 1900, RFC 3550 §4).</summary>
    public static ulong ToNtp(DateTime utc)
    {
        var span = utc - new DateTime(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        ulong seconds = (ulong)span.Ticks / TimeSpan.TicksPerSecond;
        ulong fraction = ((ulong)(span.Ticks % TimeSpan.TicksPerSecond) << 32) / TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }

    private static void WriteCommonHeader(Span<byte> buffer, int count, int type, int lengthBytes)
    {
        if (buffer.Length < lengthBytes) throw new ArgumentException("buffer too short for the RTCP packet", nameof(buffer));
        buffer[0] = (byte)(0x80 | (count & 0x1F));
        buffer[1] = (byte)type;
        // §6.4.1: length in 32-bit words minus one, including the header.
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], (ushort)((lengthBytes / 4) - 1));
    }

    private static void WriteBlocks(Span<byte> buffer, ReadOnlySpan<RtcpReportBlock> blocks)
    {
        for (int i = 0; i < blocks.Length; i++)
        {
            var b = blocks[i];
            var s = buffer[(i * RtcpReportBlock.Size)..];
            BinaryPrimitives.WriteUInt32BigEndian(s, b.Ssrc);
            // fraction lost (8 bits) then cumulative lost as a signed 24-bit value
            BinaryPrimitives.WriteUInt32BigEndian(s[4..], ((uint)b.FractionLost << 24) | ((uint)b.CumulativeLost & 0xFFFFFF));
            BinaryPrimitives.WriteUInt32BigEndian(s[8..], b.ExtendedHighestSequence);
            BinaryPrimitives.WriteUInt32BigEndian(s[12..], b.Jitter);
            BinaryPrimitives.WriteUInt32BigEndian(s[16..], b.LastSenderReport);
            BinaryPrimitives.WriteUInt32BigEndian(s[20..], b.DelaySinceLastSenderReport);
        }
    }

    private static RtcpReportBlock[] ReadBlocks(ReadOnlySpan<byte> buffer, int count)
    {
        var blocks = new RtcpReportBlock[count];
        for (int i = 0; i < count; i++)
        {
            var s = buffer[(i * RtcpReportBlock.Size)..];
            uint word = BinaryPrimitives.ReadUInt32BigEndian(s[4..]);
            int cumulative = (int)(word << 8) >> 8; // sign-extend 24 bits
            blocks[i] = new RtcpReportBlock(
                BinaryPrimitives.ReadUInt32BigEndian(s), (byte)(word >> 24), cumulative,
                BinaryPrimitives.ReadUInt32BigEndian(s[8..]), BinaryPrimitives.ReadUInt32BigEndian(s[12..]),
                BinaryPrimitives.ReadUInt32BigEndian(s[16..]), BinaryPrimitives.ReadUInt32BigEndian(s[20..]));
        }
        return blocks;
    }
}
