namespace SipGateway.Media.Codecs;

/// <summary>
/// ITU-T G.711 mu-law (PCMU, RTP payload type 0, RFC 3551 §4.5.14).
/// The encoder works on the 14-bit magnitude the standard defines (16-bit input shifted right by 2),
/// adds the bias of 33 so the eight segments start on powers of two, and inverts all bits of the
/// character as G.711 §3.2 requires for transmission.
/// </summary>
public static class MuLaw
{
    private const int Bias = 33;           // G.711 Table 2a: segment end points are 2^(s+5) - 33
    private const int Clip = 0x1FFF;       // biased magnitude ceiling: 8158 + 33, the top of segment 7

    private static readonly short[] DecodeTable = BuildDecodeTable();
    private static readonly byte[] EncodeTable = BuildEncodeTable();

    /// <summary>Encodes one 16-bit linear sample to a mu-law character (bit-exact with G.711).</summary>
    public static byte Encode(short sample) => EncodeTable[(ushort)sample >> 2];

    /// <summary>Decodes one mu-law character to 16-bit linear (the G.711 decoder output value, scaled by 4).</summary>
    public static short Decode(byte code) => DecodeTable[code];

    public static void Encode(ReadOnlySpan<short> pcm, Span<byte> output)
    {
        if (output.Length < pcm.Length) throw new ArgumentException("output too short", nameof(output));
        for (int i = 0; i < pcm.Length; i++) output[i] = EncodeTable[(ushort)pcm[i] >> 2];
    }

    public static void Decode(ReadOnlySpan<byte> codes, Span<short> output)
    {
        if (output.Length < codes.Length) throw new ArgumentException("output too short", nameof(output));
        for (int i = 0; i < codes.Length; i++) output[i] = DecodeTable[codes[i]];
    }

    /// <summary>Reference encoder on a 14-bit two's complement value (-8192..8191), as G.711 specifies it.</summary>
    internal static byte Encode14(int value)
    {
        // Negative inputs use the one's complement magnitude (-value - 1), so -1 .. -32 mirror 0 .. 31
        // and the code is symmetric around -0.5 as in G.711 Table 2a.
        // After inversion the polarity bit is 1 for positive values (G.711 Table 2a, character 1xxxxxxx).
        int sign = value < 0 ? 0x80 : 0x00;
        int magnitude = (value < 0 ? -value - 1 : value) + Bias;
        if (magnitude > Clip) magnitude = Clip;
        int segment = 0;
        for (int m = magnitude >> 6; m != 0; m >>= 1) segment++;
        int step = (magnitude >> (segment + 1)) & 0x0F;
        return (byte)~(sign | (segment << 4) | step);
    }

    private static short[] BuildDecodeTable()
    {
        var table = new short[256];
        for (int i = 0; i < 256; i++)
        {
            int c = ~i & 0xFF;
            int segment = (c >> 4) & 0x07;
            int step = c & 0x0F;
            // G.711 Table 2a decoder output: ((2q + 33) << s) - 33 in 14-bit units.
            int magnitude = (((2 * step) + Bias) << segment) - Bias;
            int value = (c & 0x80) != 0 ? -magnitude : magnitude;
            table[i] = (short)(value << 2);
        }
        return table;
    }

    private static byte[] BuildEncodeTable()
    {
        var table = new byte[16384];
        for (int i = 0; i < table.Length; i++)
        {
            int v14 = (short)(i << 2) >> 2; // index is the top 14 bits of the 16-bit sample, sign-extended
            table[i] = Encode14(v14);
        }
        return table;
    }
}
