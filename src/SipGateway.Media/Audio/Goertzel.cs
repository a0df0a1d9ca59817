namespace SipGateway.Media.Audio;

/// <summary>
/// Goertzel single-bin DFT: the level of one frequency in a block of samples. Used to verify tones and
/// recordings (and usable for in-band tone detection) without a full FFT.
/// </summary>
public static class Goertzel
{
    /// <summary>Amplitude (in sample units, peak) of <paramref name="frequency"/> in the block.</summary>
    public static double Amplitude(ReadOnlySpan<short> samples, double frequency, int sampleRate = 8000)
    {
        if (samples.Length == 0) return 0;
        double w = 2 * Math.PI * frequency / sampleRate;
        double coeff = 2 * Math.Cos(w);
        double s1 = 0, s2 = 0;
        for (int i = 0; i < samples.Length; i++)
        {
            // A Hann window keeps a strong neighbouring tone from leaking into this bin.
            double hann = 0.5 - (0.5 * Math.Cos(2 * Math.PI * i / (samples.Length - 1 == 0 ? 1 : samples.Length - 1)));
            double s0 = (samples[i] * hann) + (coeff * s1) - s2;
            s2 = s1;
            s1 = s0;
        }
        double power = (s1 * s1) + (s2 * s2) - (coeff * s1 * s2);
        // Hann window coherent gain is 0.5: amplitude = 2 * |X| / (N * 0.5)
        return 4 * Math.Sqrt(Math.Max(0, power)) / samples.Length;
    }

    /// <summary>Level of <paramref name="frequency"/> relative to the block's RMS, in dB (0 dB: a pure sine).</summary>
    public static double RelativeLevelDb(ReadOnlySpan<short> samples, double frequency, int sampleRate = 8000)
    {
        double sumSquares = 0;
        foreach (var s in samples) sumSquares += (double)s * s;
        double rms = Math.Sqrt(sumSquares / Math.Max(1, samples.Length));
        if (rms < 1e-9) return double.NegativeInfinity;
        double amplitude = Amplitude(samples, frequency, sampleRate);
        return 20 * Math.Log10(amplitude / Math.Sqrt(2) / rms);
    }
}
