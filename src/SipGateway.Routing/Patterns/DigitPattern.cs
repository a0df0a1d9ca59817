using System.Numerics;

namespace SipGateway.Routing;

/// <summary>A parsed UCM pattern: what it matches, where its discard boundary is, and how many strings it matches.</summary>
public sealed class DigitPattern
{
    /// <summary>Longest dialed string digit analysis accepts (E.164's 15 digits plus access codes fit easily).</summary>
    public const int MaxDialedLength = 32;

    internal const int MaxElements = 63;

    private readonly UInt128 _fixedCount;
    private readonly UInt128[]? _countsByLength;

    internal DigitPattern(string text, PatternElement[] elements, int dotIndex)
    {
        Text = text;
        Elements = elements;
        DotIndex = dotIndex;
        IsFixedLength = Array.TrueForAll(elements, static e => !e.Repeats);
        if (IsFixedLength)
        {
            UInt128 count = 1;
            foreach (var element in elements)
                count = MatchCount.Multiply(count, (uint)BitOperations.PopCount(element.Mask));
            _fixedCount = count;
        }
        else
        {
            _countsByLength = MatchCount.CountByLength(elements, MaxDialedLength);
        }
    }

    public string Text { get; }

    /// <summary>Strings matched per length for a variable-length pattern (index: length); null when fixed.</summary>
    internal UInt128[]? CountsByLength => _countsByLength;

    internal PatternElement[] Elements { get; }

    /// <summary>Number of elements before the '.', or -1 when the pattern has none.</summary>
    internal int DotIndex { get; }

    public bool IsFixedLength { get; }

    public static DigitPattern Parse(string text) => DigitPatternParser.Parse(text);

    /// <summary>
    /// How many distinct strings of <paramref name="length"/> symbols this pattern matches: UCM's closeness
    /// measure, counted only at the dialed length so <c>15!</c> for 1515 counts 100, not infinity.
    /// </summary>
    public UInt128 CountMatches(int length)
    {
        if (IsFixedLength)
            return length == Elements.Length ? _fixedCount : 0;
        return length >= 0 && length < _countsByLength!.Length ? _countsByLength[length] : 0;
    }

    public bool Matches(ReadOnlySpan<char> digits)
    {
        int dot = 0;
        return digits.Length <= MaxDialedLength && Match(0, 0, digits, ref dot);
    }

    /// <summary>How many of <paramref name="digits"/> fall before the '.' (the PreDot discard); 0 without a dot.</summary>
    public int DigitsBeforeDot(ReadOnlySpan<char> digits)
    {
        if (DotIndex < 0) return 0;
        int dot = 0;
        return Match(0, 0, digits, ref dot) ? dot : 0;
    }

    public override string ToString() => Text;

    // Backtracking match, greedy on repeats; only run for a chosen pattern, never for the search itself.
    private bool Match(int element, int index, ReadOnlySpan<char> digits, ref int dotAt)
    {
        if (element == DotIndex) dotAt = index;
        if (element == Elements.Length) return index == digits.Length;
        var e = Elements[element];
        if (!e.Repeats)
            return index < digits.Length && e.Accepts(DialedSymbol.IndexOf(digits[index]))
                && Match(element + 1, index + 1, digits, ref dotAt);

        int end = index;
        while (end < digits.Length && e.Accepts(DialedSymbol.IndexOf(digits[end]))) end++;
        for (int stop = end; stop >= index; stop--)
        {
            if (Match(element + 1, stop, digits, ref dotAt)) return true;
        }
        return false;
    }
}
