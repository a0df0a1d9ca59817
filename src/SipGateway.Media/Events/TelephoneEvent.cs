using System.Buffers.Binary;

namespace SipGateway.Media.Events;

/// <summary>
/// One RFC 4733 §2.3 event block (4 bytes): event code, E (end) bit, R bit, volume (0..63, -dBm0) and
/// duration in timestamp units since the event's start (the packet's RTP timestamp).
/// </summary>
public readonly record struct TelephoneEvent(byte Event, bool End, byte Volume, ushort Duration)
{
    public const int Size = 4;
    /// <summary>Event code for hook flash (RFC 4733 §3.2, Table 3).</summary>
    public const byte Flash = 16;

    public void Write(Span<byte> buffer)
    {
        buffer[0] = Event;
        buffer[1] = (byte)((End ? 0x80 : 0) | (Volume & 0x3F)); // R bit (0x40) stays 0 as §2.3 requires
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], Duration);
    }

    public static bool TryParse(ReadOnlySpan<byte> payload, out TelephoneEvent ev)
    {
        ev = default;
        if (payload.Length < Size) return false;
        ev = new TelephoneEvent(payload[0], (payload[1] & 0x80) != 0, (byte)(payload[1] & 0x3F),
            BinaryPrimitives.ReadUInt16BigEndian(payload[2..]));
        return true;
    }

    /// <summary>DTMF digit for an event code (RFC 4733 §3.2 Table 3): 0-9, * (10), # (11), A-D (12-15), '!' for flash.</summary>
    public static char? ToDigit(byte code) => code switch
    {
        <= 9 => (char)('0' + code),
        10 => '*',
        11 => '#',
        >= 12 and <= 15 => (char)('A' + (code - 12)),
        Flash => '!',
        _ => null,
    };

    public static byte FromDigit(char digit) => char.ToUpperInvariant(digit) switch
    {
        >= '0' and <= '9' => (byte)(digit - '0'),
        '*' => 10,
        '#' => 11,
        >= 'A' and <= 'D' => (byte)(char.ToUpperInvariant(digit) - 'A' + 12),
        '!' => Flash,
        _ => throw new ArgumentOutOfRangeException(nameof(digit), digit, "not a DTMF digit (0-9 * # A-D, ! for flash)"),
    };
}
