using SipGateway.Media.Codecs;

namespace SipGateway.Media.Mixing;

/// <summary>
/// Mixes a small conference (3 parties, up to 8): decodes each leg's G.711 frame, sums them in 32-bit,
/// and for each leg re-encodes the sum minus that leg's own audio (so nobody hears themselves), clipped to 16 bits.
/// A leg with no frame this period (lost or silent) contributes silence.
/// </summary>
public sealed class ConferenceMixer
{
    private readonly G711Law[] _laws;
    private readonly short[][] _decoded;
    private readonly int[] _sum;
    private readonly short[] _scratch;

    public ConferenceMixer(IReadOnlyList<G711Law> legLaws, int frameSamples = 160)
    {
        if (legLaws.Count < 2 || legLaws.Count > 8) throw new ArgumentOutOfRangeException(nameof(legLaws), "2..8 legs");
        _laws = legLaws.ToArray();
        FrameSamples = frameSamples;
        _decoded = _laws.Select(_ => new short[frameSamples]).ToArray();
        _sum = new int[frameSamples];
        _scratch = new short[frameSamples];
    }

    public int Legs => _laws.Length;
    public int FrameSamples { get; }

    /// <summary>Mixes one frame period. <paramref name="inputs"/>[i] is leg i's payload (null or empty: silence);
    /// <paramref name="outputs"/>[i] receives what leg i should hear, encoded in leg i's law.</summary>
    public void Mix(IReadOnlyList<byte[]?> inputs, IReadOnlyList<byte[]> outputs)
    {
        if (inputs.Count != Legs || outputs.Count != Legs) throw new ArgumentException("one input and one output per leg");
        Array.Clear(_sum);
        for (int leg = 0; leg < Legs; leg++)
        {
            var dec = _decoded[leg];
            var input = inputs[leg];
            if (input == null || input.Length == 0)
            {
                Array.Clear(dec);
                continue;
            }
            int n = Math.Min(input.Length, FrameSamples);
            G711.Decode(_laws[leg], input.AsSpan(0, n), dec);
            if (n < FrameSamples) Array.Clear(dec, n, FrameSamples - n);
            for (int i = 0; i < FrameSamples; i++) _sum[i] += dec[i];
        }
        for (int leg = 0; leg < Legs; leg++)
        {
            var dec = _decoded[leg];
            for (int i = 0; i < FrameSamples; i++)
                _scratch[i] = (short)Math.Clamp(_sum[i] - dec[i], short.MinValue, short.MaxValue);
            G711.Encode(_laws[leg], _scratch, outputs[leg]);
        }
    }
}
