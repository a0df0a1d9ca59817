namespace SipGateway.Media.Codecs;

/// <summary>
/// ITU-T G.711 A-law (PCMA, RTP payload type 8, RFC 3551 §4.5.14).
/// Works on the 13-bit value the standard defines (16-bit input shifted right by 3); the even bits of
/// the character are inverted for transmission (XOR 0x55, G.711 §2.2).
/// </summary>
public static class ALaw
{
    private static readonly short[] DecodeTable = BuildDecodeTable();
    private static readonly byte[] EncodeTable = BuildEncodeTable();

    public static byte Encode(short sample) => EncodeTable[(ushort)sample >> 3];

    public static short Decode(byte code) => DecodeTable[code];

    public static void Encode(ReadOnlySpan<short> pcm, Span<byte> output)
    {
        if (output.Length < pcm.Length) throw new ArgumentException("output too short", nameof(output));
        for (int i = 0; i < pcm.Length; i++) output[i] = EncodeTable[(ushort)pcm[i] >> 3];
    }

    public static void Decode(ReadOnlySpan<byte> codes, Span<short> output)
    {
        if (output.Length < codes.Length) throw new ArgumentException("output too short", nameof(output));
        for (int i = 0; i < codes.Length; i++) output[i] = DecodeTable[codes[i]];
    }

    /// <summary>Reference encoder on a 13-bit two's complement value (-4096..4095).</summary>
    internal static byte Encode13(int value)
    {
        // A-law has no zero code: magnitudes are taken as (value) for positive and (-value - 1) for
        // negative, so the code is symmetric around -0.5 (G.711 Table 1a).
        int sign = value >= 0 ? 0x80 : 0x00;
        int magnitude = value >= 0 ? value : -value - 1;
        if (magnitude > 4095) magnitude = 4095;
        int code;
        if (magnitude < 32)
        {
            code = magnitude >> 1; // segment 0: 16 steps of 2
        }
        else
        {
            int segment = 1;
            for (int m = magnitude >> 6; m != 0; m >>= 1) segment++;
            code = (segment << 4) | ((magnitude >> segment) & 0x0F);
        }
        return (byte)((sign | code) ^ 0x55);
    }

    private static short[] BuildDecodeTable()
    {
        var table = new short[256];
        for (int i = 0; i < 256; i++)
        {
            int c = i ^ 0x55;
            int segment = (c >> 4) & 0x07;
            int step = c & 0x0F;
            // G.711 Table 1a decoder output (13-bit units): 2q + 1 in segment 0, (2q + 33) << (s - 1) above.
            int magnitude = segment == 0 ? (2 * step) + 1 : ((2 * step) + 33) << (segment - 1);
            int value = (c & 0x80) != 0 ? magnitude : -magnitude;
            table[i] = (short)(value << 3);
        }
        return table;
    }

    private static byte[] BuildEncodeTable()
    {
        var table = new byte[8192];
        for (int i = 0; i < table.Length; i++)
        {
            int v13 = (short)(i << 3) >> 3;
            table[i] = Encode13(v13);
        }
        return table;
    }
}
