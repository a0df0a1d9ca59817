namespace SipGateway.Routing;

/// <summary>
/// UCM party transform masks: aligned on the right; <c>X</c> keeps the digit under it, any other character
/// replaces it; a mask longer than the number adds its leading characters, a shorter one cuts the number's.
/// </summary>
public static class TransformMask
{
    public static string Apply(string mask, string number)
    {
        // X beyond the number's left end has no digit to keep: it contributes nothing.
        int skipped = 0;
        for (int k = number.Length + 1; k <= mask.Length; k++)
        {
            if (mask[^k] is 'X' or 'x') skipped++;
        }
        int length = mask.Length - skipped;
        if (length == number.Length && mask.AsSpan().IndexOfAnyExcept('X', 'x') < 0) return number;
        // Written straight into the result (no scratch buffer and copy).
        return string.Create(length, (mask, number), static (result, state) =>
        {
            var (mask, number) = state;
            int written = 0;
            for (int k = 1; k <= mask.Length; k++)
            {
                char m = mask[^k];
                if (m is 'X' or 'x')
                {
                    if (k > number.Length) continue;
                    result[^++written] = number[^k];
                }
                else
                {
                    result[^++written] = m;
                }
            }
        });
    }

    internal static void Validate(string mask)
    {
        for (int i = 0; i < mask.Length; i++)
        {
            char c = mask[i];
            if (c is not ('X' or 'x') && DialedSymbol.IndexOf(c) < 0)
                throw new PatternSyntaxException($"'{c}' is not allowed in a mask; use digits, *, #, + and X", i + 1);
        }
    }

    internal static void ValidatePrefix(string prefix)
    {
        for (int i = 0; i < prefix.Length; i++)
        {
            if (DialedSymbol.IndexOf(prefix[i]) < 0)
                throw new PatternSyntaxException($"'{prefix[i]}' is not allowed in prefix digits; use digits, *, # and +", i + 1);
        }
    }
}
