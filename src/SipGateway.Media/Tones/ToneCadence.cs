using System.Globalization;

namespace SipGateway.Media.Tones;

/// <summary>One step of a cadence: the frequencies sounding together (none: silence) for a duration.</summary>
public readonly record struct ToneSegment(IReadOnlyList<double> Frequencies, int DurationMs)
{
    /// <summary>Duration used for a continuous tone (its only segment is repeated forever).</summary>
    public const int Continuous = -1;
}

/// <summary>A parsed cadence string (see <see cref="ToneSpec.Cadence"/>).</summary>
public sealed class ToneCadence
{
    private ToneCadence(IReadOnlyList<ToneSegment> segments) => Segments = segments;

    public IReadOnlyList<ToneSegment> Segments { get; }

    public bool IsContinuous => Segments.Count == 1 && Segments[0].DurationMs == ToneSegment.Continuous;

    public static ToneCadence Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new FormatException("empty cadence");
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var segments = new List<ToneSegment>(parts.Length);
        foreach (var part in parts)
        {
            var slash = part.Split('/', StringSplitOptions.TrimEntries);
            if (slash.Length > 2) throw new FormatException($"'{part}': expected freq[+freq]/ms");
            int duration = ToneSegment.Continuous;
            if (slash.Length == 2)
            {
                if (!int.TryParse(slash[1], NumberStyles.None, CultureInfo.InvariantCulture, out duration) || duration <= 0 || duration > 600_000)
                    throw new FormatException($"'{part}': duration must be 1..600000 ms");
            }
            else if (parts.Length > 1)
            {
                throw new FormatException($"'{part}': every segment of a multi-segment cadence needs /ms");
            }
            var freqs = new List<double>();
            foreach (var f in slash[0].Split('+', StringSplitOptions.TrimEntries))
            {
                if (!double.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture, out var hz) || hz < 0 || hz >= 4000)
                    throw new FormatException($"'{part}': frequency '{f}' must be 0..3999 Hz");
                if (hz > 0) freqs.Add(hz);
            }
            if (freqs.Count > 4) throw new FormatException($"'{part}': at most 4 frequencies");
            segments.Add(new ToneSegment(freqs, duration));
        }
        return new ToneCadence(segments);
    }

    public override string ToString() => string.Join(",", Segments.Select(s =>
        (s.Frequencies.Count == 0 ? "0" : string.Join("+", s.Frequencies.Select(f => f.ToString(CultureInfo.InvariantCulture))))
        + (s.DurationMs == ToneSegment.Continuous ? "" : "/" + s.DurationMs.ToString(CultureInfo.InvariantCulture))));
}
