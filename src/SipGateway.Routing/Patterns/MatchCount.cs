using System.Numerics;

namespace SipGateway.Routing;

/// <summary>
/// Counts the distinct strings a pattern matches at each length. Repeating elements can make a pattern
/// ambiguous (<c>1!2!</c> matches 12221 two ways), so strings are counted on the subset construction
/// of the pattern's automaton, never by counting paths.
/// </summary>
internal static class MatchCount
{
    public static UInt128[] CountByLength(PatternElement[] elements, int maxLength)
    {
        int repeating = Array.FindIndex(elements, e => e.Repeats);
        if (repeating >= 0 && Array.FindIndex(elements, repeating + 1, e => e.Repeats) < 0)
            return CountWithOneRepeat(elements, repeating, maxLength);

        int accept = elements.Length;
        var counts = new UInt128[maxLength + 1];
        var current = new Dictionary<ulong, UInt128> { [Closure(elements, 1UL)] = 1 };
        var next = new Dictionary<ulong, UInt128>();
        for (int length = 0; length <= maxLength && current.Count > 0; length++)
        {
            UInt128 total = 0;
            foreach (var (states, count) in current)
            {
                if ((states & (1UL << accept)) != 0) total = Add(total, count);
            }
            counts[length] = total;
            if (length == maxLength) break;

            next.Clear();
            foreach (var (states, count) in current)
            {
                for (int symbol = 0; symbol < DialedSymbol.Count; symbol++)
                {
                    ulong after = Step(elements, states, symbol);
                    if (after == 0) continue;
                    next[after] = next.TryGetValue(after, out var existing) ? Add(existing, count) : count;
                }
            }
            (current, next) = (next, current);
        }
        return counts;
    }

    // One repeating element between fixed parts: a string of length n gives the repeat exactly
    // n - (fixed element count) symbols, so the count is a product, no automaton needed.
    private static UInt128[] CountWithOneRepeat(PatternElement[] elements, int repeating, int maxLength)
    {
        var counts = new UInt128[maxLength + 1];
        UInt128 fixedPart = 1;
        foreach (var element in elements)
        {
            if (!element.Repeats) fixedPart = Multiply(fixedPart, (uint)BitOperations.PopCount(element.Mask));
        }
        uint choices = (uint)BitOperations.PopCount(elements[repeating].Mask);
        int fixedLength = elements.Length - 1;
        UInt128 count = fixedPart;
        for (int length = fixedLength; length <= maxLength; length++)
        {
            counts[length] = count;
            count = Multiply(count, choices);
        }
        return counts;
    }

    public static UInt128 Multiply(UInt128 a, uint b)
    {
        if (a == 0 || b == 0) return 0;
        return a > UInt128.MaxValue / b ? UInt128.MaxValue : a * b;
    }

    public static UInt128 Add(UInt128 a, UInt128 b) => UInt128.MaxValue - a < b ? UInt128.MaxValue : a + b;

    // State i means "the next element to match is i"; state elements.Length accepts.
    private static ulong Step(PatternElement[] elements, ulong states, int symbol)
    {
        ulong after = 0;
        ulong remaining = states;
        while (remaining != 0)
        {
            int i = BitOperations.TrailingZeroCount(remaining);
            remaining &= remaining - 1;
            if (i >= elements.Length || !elements[i].Accepts(symbol)) continue;
            after |= elements[i].Repeats ? 1UL << i : 1UL << (i + 1);
        }
        return after == 0 ? 0 : Closure(elements, after);
    }

    // A repeating element may match zero times, so being before it also means being after it.
    private static ulong Closure(PatternElement[] elements, ulong states)
    {
        for (int i = 0; i < elements.Length; i++)
        {
            if ((states & (1UL << i)) != 0 && elements[i].Repeats) states |= 1UL << (i + 1);
        }
        return states;
    }
}
