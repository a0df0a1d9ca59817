using SipGateway.Media.Tones;

namespace SipGateway.Features.ExtendConnect.Calls;

/// <summary>
/// DTMF as audio (ITU-T Q.23 frequency pairs), for peers that do not take RFC 4733 events: each digit sounds 100 ms
/// followed by 60 ms of silence (Q.24 asks for at least 40 ms of each), at -10 dBm0.
/// </summary>
public static class InBandDtmf
{
    public static readonly TimeSpan ToneLength = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(60);

    /// <summary>The (low, high) frequencies of a digit; false for anything else.</summary>
    public static bool TryFrequencies(char digit, out (int Low, int High) pair)
    {
        int row = "123A456B789C*0#D".IndexOf(char.ToUpperInvariant(digit));
        pair = row < 0 ? default : ((int[])[697, 770, 852, 941])[row / 4] is var low ? (low, ((int[])[1209, 1336, 1477, 1633])[row % 4]) : default;
        return row >= 0;
    }

    /// <summary>A one-shot tone playing <paramref name="digits"/> in turn.</summary>
    /// <exception cref="ArgumentException">A character that is not a DTMF digit.</exception>
    public static ToneSpec Of(string digits)
    {
        var steps = new List<string>();
        foreach (var c in digits)
        {
            if (!TryFrequencies(c, out var f)) throw new ArgumentException($"'{c}' is not a DTMF digit (0-9 * # A-D)", nameof(digits));
            steps.Add($"{f.Low}+{f.High}/{ToneLength.TotalMilliseconds:0}");
            steps.Add($"0/{Gap.TotalMilliseconds:0}");
        }
        return new ToneSpec(string.Join(',', steps), repeat: false, levelDbm0: -10);
    }
}
