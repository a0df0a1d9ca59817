namespace SipGateway.Routing;

/// <summary>
/// UCM party transform masks: aligned on the right; <c>X</c> keeps the digit under it, any other character
/// replaces it; a mask longer than the number adds its leading characters, a shorter one cuts the number's.
/// </summary>
public static class TransformMask
{
    public static string Apply(string mask, string number)
    {
        Span<char> result = mask.Length <= 64 ? stackalloc char[mask.Length] : new char[mask.Length];
        int written = 0;
        for (int k = 1; k <= mask.Length; k++)
        {
            char m = mask[^k];
            if (m is 'X' or 'x')
            {
                // X beyond the number's left end has no digit to keep: it contributes nothing.
                if (k > number.Length) continue;
                result[result.Length - 1 - written++] = number[^k];
            }
            else
            {
                result[result.Length - 1 - written++] = m;
            }
        }
        return new string(result[(result.Length - written)..]);
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
