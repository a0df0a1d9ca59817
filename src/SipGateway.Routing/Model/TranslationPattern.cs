namespace SipGateway.Routing;

/// <summary>A pattern that rewrites the digits and analyses them again with its own CSS.</summary>
public sealed class TranslationPattern : DialPlanEntry
{
    internal TranslationPattern(DigitPattern pattern, Partition partition, string keyPath, int order,
        PartyTransformation transformation, CallingSearchSpace? css, bool block, string? blockReason, bool urgentPriority)
        : base(pattern, partition, keyPath, order)
    {
        Transformation = transformation;
        Css = css;
        Block = block;
        BlockReason = blockReason;
        UrgentPriority = urgentPriority;
    }

    public PartyTransformation Transformation { get; }

    /// <summary>Null: re-analyse with the originator's CSS.</summary>
    public CallingSearchSpace? Css { get; }

    public bool Block { get; }

    public string? BlockReason { get; }

    public bool UrgentPriority { get; }
}
