namespace SipGateway.Media.Codecs;

/// <summary>The two G.711 laws by their static RTP payload types (RFC 3551 Table 4).</summary>
public enum G711Law
{
    MuLaw = 0,
    ALaw = 8,
}

/// <summary>Dispatches to <see cref="MuLaw"/> or <see cref="ALaw"/> by payload type.</summary>
public static class G711
{
    public const int SampleRate = 8000;

    public static G711Law FromPayloadType(int payloadType) => payloadType switch
    {
        0 => G711Law.MuLaw,
        8 => G711Law.ALaw,
        _ => throw new ArgumentOutOfRangeException(nameof(payloadType), payloadType, "G.711 uses payload type 0 (PCMU) or 8 (PCMA)"),
    };

    public static void Encode(G711Law law, ReadOnlySpan<short> pcm, Span<byte> output)
    {
        if (law == G711Law.MuLaw) MuLaw.Encode(pcm, output); else ALaw.Encode(pcm, output);
    }

    public static void Decode(G711Law law, ReadOnlySpan<byte> codes, Span<short> output)
    {
        if (law == G711Law.MuLaw) MuLaw.Decode(codes, output); else ALaw.Decode(codes, output);
    }

    /// <summary>The character that decodes to (near) zero: the "silence" byte of each law.</summary>
    public static byte Silence(G711Law law) => law == G711Law.MuLaw ? (byte)0xFF : (byte)0xD5;
}
