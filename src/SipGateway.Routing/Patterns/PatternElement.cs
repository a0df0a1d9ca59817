namespace SipGateway.Routing;

/// <summary>
/// One step of a normalised pattern: a set of symbols matched once, or zero or more times when
/// <see cref="Repeats"/> (UCM <c>?</c>; <c>+</c> and <c>!</c> become "once, then zero or more").
/// </summary>
internal readonly record struct PatternElement(ushort Mask, bool Repeats)
{
    public bool Accepts(int symbol) => DialedSymbol.Contains(Mask, symbol);
}
