namespace SipGateway.Routing;

/// <summary>
/// One index over every DN, route pattern and translation pattern of the plan. Analysis walks it with the
/// dialed digits as a set of live nodes, so its cost follows the digits dialed and the wildcards that can
/// match them, not the number of patterns configured.
/// </summary>
internal sealed class PatternTrie
{
    private readonly PatternTrieNode _root = new() { Id = 0 };
    private int _nodeCount = 1;

    public int NodeCount => _nodeCount;

    /// <summary>Adds the entry and returns any entry already ending at the same node (same strings matched).</summary>
    public IEnumerable<DialPlanEntry> Add(DialPlanEntry entry)
    {
        var node = _root;
        foreach (var element in entry.Pattern.Elements)
            node = node.Child(element, ref _nodeCount);
        var existing = node.Terminals ?? [];
        node.AddTerminal(entry);
        return existing;
    }

    /// <summary>
    /// Collects every entry whose pattern matches <paramref name="digits"/> into <paramref name="matches"/>.
    /// The caller validated the digits. Thread-safe: scratch space is per thread.
    /// </summary>
    public void FindMatches(ReadOnlySpan<char> digits, List<DialPlanEntry> matches)
    {
        var walk = TrieWalk.ForCurrentThread(_nodeCount);
        walk.Start(_root);
        foreach (char c in digits)
        {
            if (!walk.Step(DialedSymbol.IndexOf(c))) return;
        }
        walk.CollectTerminals(matches);
    }
}
