namespace SipGateway.Routing;

/// <summary>Anything digit analysis can match: a directory number, a route pattern or a translation pattern.</summary>
public abstract class DialPlanEntry
{
    private protected DialPlanEntry(DigitPattern pattern, Partition partition, string keyPath, int order)
    {
        Pattern = pattern;
        Partition = partition;
        KeyPath = keyPath;
        Order = order;
    }

    public DigitPattern Pattern { get; }

    public Partition Partition { get; }

    /// <summary>Where the entry was configured, for messages.</summary>
    public string KeyPath { get; }

    /// <summary>The block reason when none is configured, built on first use so blocked calls allocate none.</summary>
    internal string DefaultBlockReason => _defaultBlockReason ??= "Blocked by pattern " + Pattern.Text;

    private string? _defaultBlockReason;

    /// <summary>Configuration order; the last tie-breaker so analysis is deterministic.</summary>
    internal int Order { get; }
}
