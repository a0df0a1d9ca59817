namespace SipGateway.Routing;

/// <summary>
/// Called and calling party transformations of a route pattern, translation pattern or route list entry,
/// applied in UCM's order: discard digits, then transform mask, then prefix digits.
/// </summary>
public sealed class PartyTransformation
{
    public static readonly PartyTransformation None = new(DiscardDigitsInstruction.NoDigits, null, null, null, null, false);

    public PartyTransformation(DiscardDigitsInstruction discardDigits, string? calledPartyTransformMask,
        string? calledPartyPrefixDigits, string? callingPartyTransformMask, string? callingPartyPrefixDigits,
        bool useCallingPartyExternalPhoneNumberMask)
    {
        DiscardDigits = discardDigits;
        CalledPartyTransformMask = NullIfEmpty(calledPartyTransformMask);
        CalledPartyPrefixDigits = NullIfEmpty(calledPartyPrefixDigits);
        CallingPartyTransformMask = NullIfEmpty(callingPartyTransformMask);
        CallingPartyPrefixDigits = NullIfEmpty(callingPartyPrefixDigits);
        UseCallingPartyExternalPhoneNumberMask = useCallingPartyExternalPhoneNumberMask;
    }

    public DiscardDigitsInstruction DiscardDigits { get; }
    public string? CalledPartyTransformMask { get; }
    public string? CalledPartyPrefixDigits { get; }
    public string? CallingPartyTransformMask { get; }
    public string? CallingPartyPrefixDigits { get; }
    public bool UseCallingPartyExternalPhoneNumberMask { get; }

    /// <summary>The called number after discard digits, called mask and called prefix.</summary>
    public string TransformCalled(DigitPattern matched, string dialed) => TransformCalled(matched, dialed, -1);

    /// <param name="digitsBeforeDot">The PreDot discard when already known (see <see cref="Terminal.DigitsBeforeDot"/>); -1 to match it.</param>
    internal string TransformCalled(DigitPattern matched, string dialed, int digitsBeforeDot)
    {
        string called = dialed;
        if (DiscardDigits is DiscardDigitsInstruction.PreDot or DiscardDigitsInstruction.PreDotTrailingPound)
            called = called[(digitsBeforeDot >= 0 ? digitsBeforeDot : matched.DigitsBeforeDot(dialed))..];
        if (DiscardDigits is DiscardDigitsInstruction.TrailingPound or DiscardDigitsInstruction.PreDotTrailingPound
            && called.EndsWith('#'))
            called = called[..^1];
        if (CalledPartyTransformMask is not null) called = TransformMask.Apply(CalledPartyTransformMask, called);
        if (CalledPartyPrefixDigits is not null) called = CalledPartyPrefixDigits + called;
        return called;
    }

    /// <summary>The calling number after the line's external phone number mask (when asked for), calling mask and prefix.</summary>
    public string TransformCalling(string calling, string? externalPhoneNumberMask)
    {
        if (UseCallingPartyExternalPhoneNumberMask && !string.IsNullOrEmpty(externalPhoneNumberMask))
            calling = TransformMask.Apply(externalPhoneNumberMask, calling);
        if (CallingPartyTransformMask is not null) calling = TransformMask.Apply(CallingPartyTransformMask, calling);
        if (CallingPartyPrefixDigits is not null) calling = CallingPartyPrefixDigits + calling;
        return calling;
    }

    /// <summary>Route-list-level settings win over the route pattern's, field by field.</summary>
    internal PartyTransformation OverriddenBy(RouteListEntry entry) => new(
        entry.DiscardDigits ?? DiscardDigits,
        entry.CalledPartyTransformMask ?? CalledPartyTransformMask,
        entry.CalledPartyPrefixDigits ?? CalledPartyPrefixDigits,
        entry.CallingPartyTransformMask ?? CallingPartyTransformMask,
        entry.CallingPartyPrefixDigits ?? CallingPartyPrefixDigits,
        entry.UseCallingPartyExternalPhoneNumberMask ?? UseCallingPartyExternalPhoneNumberMask);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
