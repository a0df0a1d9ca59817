using System.Buffers;

namespace SipGateway.Routing;

/// <summary>The 13 symbols a caller can dial: 0-9, *, # and + (E.164). Patterns match sets of them as bit masks.</summary>
internal static class DialedSymbol
{
    public const int Count = 13;
    public const int Star = 10;
    public const int Pound = 11;
    public const int Plus = 12;
    public const ushort AnyDigit = 0x3FF;

    /// <summary>Every dialable symbol, for vectorised validation.</summary>
    public static readonly SearchValues<char> All = SearchValues.Create("0123456789*#+");

    public static int IndexOf(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        '*' => Star,
        '#' => Pound,
        '+' => Plus,
        _ => -1,
    };

    public static ushort MaskOf(int symbol) => (ushort)(1 << symbol);

    public static bool Contains(ushort mask, int symbol) => (mask & (1 << symbol)) != 0;
}
