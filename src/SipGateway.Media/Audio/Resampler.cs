namespace SipGateway.Media.Audio;

/// <summary>
/// Sample-rate conversion by band-limited interpolation: each output sample is a windowed-sinc (Kaiser)
/// weighted sum of the input around its position. The low-pass cutoff sits at 45 % of the lower of the two
/// rates, so content above the new Nyquist frequency is removed rather than folded back (dropping samples
/// would alias a 5 kHz tone to 3 kHz at 8 kHz). The kernel is tabulated once and read with linear interpolation.
/// </summary>
public static class Resampler
{
    private const int ZeroCrossings = 16;          // half-width of the kernel, in zero crossings of the sinc
    private const int TableResolution = 512;       // table entries per zero crossing
    private const double KaiserBeta = 9.0;         // about 90 dB stop-band for the window
    private const double CutoffFraction = 0.45;    // of the lower sample rate

    private static readonly float[] Kernel = BuildKernel();

    public static short[] Resample(ReadOnlySpan<short> input, int inputRate, int outputRate)
    {
        if (inputRate <= 0 || outputRate <= 0) throw new ArgumentOutOfRangeException(nameof(inputRate));
        if (inputRate == outputRate) return input.ToArray();
        long outputLength = (long)input.Length * outputRate / inputRate;
        var output = new short[outputLength];
        double cutoff = CutoffFraction * Math.Min(inputRate, outputRate);
        // zero crossings of the low-pass sinc per input sample
        double scale = 2.0 * cutoff / inputRate;
        double halfWidth = ZeroCrossings / scale; // in input samples
        double step = (double)inputRate / outputRate;
        for (long n = 0; n < outputLength; n++)
        {
            double centre = n * step;
            int first = Math.Max(0, (int)Math.Ceiling(centre - halfWidth));
            int last = Math.Min(input.Length - 1, (int)Math.Floor(centre + halfWidth));
            double sum = 0, weights = 0;
            for (int k = first; k <= last; k++)
            {
                double w = KernelAt(Math.Abs(k - centre) * scale);
                sum += input[k] * w;
                weights += w;
            }
            // Normalising by the summed weights keeps the DC gain exactly 1, also near the edges.
            double value = weights > 1e-9 ? sum / weights : 0;
            output[n] = (short)Math.Clamp(Math.Round(value), short.MinValue, short.MaxValue);
        }
        return output;
    }

    private static double KernelAt(double zeroCrossingPosition)
    {
        double index = zeroCrossingPosition * TableResolution;
        int i = (int)index;
        if (i >= Kernel.Length - 1) return 0;
        double frac = index - i;
        return Kernel[i] + ((Kernel[i + 1] - Kernel[i]) * frac);
    }

    private static float[] BuildKernel()
    {
        int length = (ZeroCrossings * TableResolution) + 2;
        var table = new float[length];
        double i0Beta = BesselI0(KaiserBeta);
        for (int i = 0; i < length; i++)
        {
            double x = (double)i / TableResolution; // in zero crossings
            double sinc = x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);
            double r = x / ZeroCrossings;
            double window = r >= 1 ? 0 : BesselI0(KaiserBeta * Math.Sqrt(1 - (r * r))) / i0Beta;
            table[i] = (float)(sinc * window);
        }
        return table;
    }

    // Modified Bessel function of the first kind, order 0, by its power series (for the Kaiser window).
    private static double BesselI0(double x)
    {
        double sum = 1, term = 1, half = x / 2;
        for (int k = 1; k < 50; k++)
        {
            term *= half / k;
            double t2 = term * term;
            sum += t2;
            if (t2 < sum * 1e-16) break;
        }
        return sum;
    }
}
