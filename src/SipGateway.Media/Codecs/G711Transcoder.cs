namespace SipGateway.Media.Codecs;

/// <summary>
/// Converts G.711 between mu-law (PCMU) and A-law (PCMA) in place, one byte per sample, with two 256-entry tables.
/// Each entry is the other law's encoding of this law's decoded value, so the result is bit-exact with decoding to
/// linear and encoding again (ITU-T G.711 itself gives mu/A conversion tables, §3.3 and Table 3/4, that differ from
/// this only in tie-breaking; going through linear keeps it consistent with <see cref="MuLaw"/> and <see cref="ALaw"/>).
/// No allocation: the relay uses it on every forwarded packet of a call whose legs negotiated different laws.
/// </summary>
public static class G711Transcoder
{
    private static readonly byte[] MuToA = Build(static c => ALaw.Encode(MuLaw.Decode(c)));
    private static readonly byte[] AToMu = Build(static c => MuLaw.Encode(ALaw.Decode(c)));

    /// <summary>The A-law character for one mu-law character.</summary>
    public static byte MuLawToALaw(byte code) => MuToA[code];

    /// <summary>The mu-law character for one A-law character.</summary>
    public static byte ALawToMuLaw(byte code) => AToMu[code];

    /// <summary>Rewrites <paramref name="payload"/> from law <paramref name="from"/> to law <paramref name="to"/> in place
    /// (nothing to do when they are the same).</summary>
    public static void Transcode(G711Law from, G711Law to, Span<byte> payload)
    {
        if (from == to) return;
        var table = from == G711Law.MuLaw ? MuToA : AToMu;
        for (int i = 0; i < payload.Length; i++) payload[i] = table[payload[i]];
    }

    private static byte[] Build(Func<byte, byte> map)
    {
        var table = new byte[256];
        for (int i = 0; i < 256; i++) table[i] = map((byte)i);
        return table;
    }
}
