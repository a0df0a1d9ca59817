namespace SipGateway.Routing;

/// <summary>A pattern or mask that cannot be parsed; the builder turns it into a <see cref="DialPlanConfigException"/>.</summary>
internal sealed class PatternSyntaxException(string reason, int position) : Exception(reason)
{
    public string Reason { get; } = reason;

    /// <summary>1-based character position.</summary>
    public int Position { get; } = position;
}
