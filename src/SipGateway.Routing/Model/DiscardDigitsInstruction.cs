namespace SipGateway.Routing;

/// <summary>UCM discard digit instructions supported so far.</summary>
public enum DiscardDigitsInstruction
{
    NoDigits,
    /// <summary>Drop the digits matched before the '.'.</summary>
    PreDot,
    /// <summary>PreDot, and drop a trailing '#' (end-of-dialing).</summary>
    PreDotTrailingPound,
    /// <summary>Drop a trailing '#'.</summary>
    TrailingPound,
}
