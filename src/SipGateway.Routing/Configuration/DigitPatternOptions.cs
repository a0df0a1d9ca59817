namespace SipGateway.Routing;

/// <summary>Keys shared by route patterns and translation patterns (UCM field names).</summary>
public abstract class DigitPatternOptions
{
    public string Pattern { get; set; } = "";

    /// <summary>Empty means UCM's &lt;None&gt; partition, which every calling search space reaches last.</summary>
    public string? Partition { get; set; }

    public bool Block { get; set; }

    public string? BlockReason { get; set; }

    public bool UrgentPriority { get; set; }

    /// <summary><c>NoDigits</c>, <c>PreDot</c>, <c>PreDot Trailing-#</c> or <c>Trailing-#</c>.</summary>
    public string? DiscardDigits { get; set; }

    public string? CalledPartyTransformMask { get; set; }

    public string? CalledPartyPrefixDigits { get; set; }

    public string? CallingPartyTransformMask { get; set; }

    public string? CallingPartyPrefixDigits { get; set; }

    public bool UseCallingPartyExternalPhoneNumberMask { get; set; }
}
