using System.Globalization;

namespace SipGateway.Media.Transport;

/// <summary>The configured RTP port range, e.g. "20000-29999" (Media:PortRange).
/// RTP uses the even ports and RTCP the next odd one (RFC 3550 §11).</summary>
public readonly record struct PortRange(int First, int Last)
{
    public static PortRange Parse(string text)
    {
        if (!TryParse(text, out var range, out var error)) throw new FormatException($"Media:PortRange '{text}': {error}");
        return range;
    }

    public static bool TryParse(string? text, out PortRange range, out string error)
    {
        range = default;
        error = "";
        var parts = (text ?? "").Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int first)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int last))
        {
            error = "expected FIRST-LAST, e.g. 20000-29999";
            return false;
        }
        if (first < 1024 || last > 65535 || last <= first)
        {
            error = "ports must satisfy 1024 <= FIRST < LAST <= 65535";
            return false;
        }
        int firstEven = (first + 1) & ~1;
        if (firstEven + 1 > last)
        {
            error = "the range holds no even/odd RTP/RTCP pair";
            return false;
        }
        range = new PortRange(first, last);
        return true;
    }

    /// <summary>Number of RTP/RTCP pairs the range holds.</summary>
    public int PairCount => ((Last - ((First + 1) & ~1) + 1) / 2);

    public override string ToString() => $"{First}-{Last}";
}
