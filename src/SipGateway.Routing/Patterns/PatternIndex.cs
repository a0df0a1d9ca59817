namespace SipGateway.Routing;

/// <summary>
/// The frozen, compact form of <see cref="PatternTrie"/> that analysis walks: nodes in breadth-first order
/// in one struct array and each node's edges side by side, so a walk touches few cache lines however large
/// the plan. Its cost follows the digits dialed and the wildcards able to match them, not the pattern count.
/// </summary>
internal sealed class PatternIndex
{
    private readonly PatternIndexNode[] _nodes;
    private readonly ulong[] _edges;
    private readonly TerminalGroup[] _groups;
    private readonly Terminal[] _terminals;

    /// <param name="edges">Per edge: the symbol mask in bits 32-44, the child node id in the low 32 bits.</param>
    public PatternIndex(PatternIndexNode[] nodes, ulong[] edges, TerminalGroup[] groups, Terminal[] terminals)
    {
        _nodes = nodes;
        _edges = edges;
        _groups = groups;
        _terminals = terminals;
    }

    public int NodeCount => _nodes.Length;

    /// <summary>Entries ending at one node: they all match exactly the same strings.</summary>
    public readonly record struct TerminalGroup(int Start, int Count, DigitPattern Pattern, UInt128 FixedCount);

    /// <summary>An entry with what ranking needs copied beside it, so losers are never dereferenced.</summary>
    public readonly record struct Terminal(DialPlanEntry Entry, int PartitionId, int Order);

    public TerminalGroup Group(int index) => _groups[index];

    public ReadOnlySpan<Terminal> Terminals(in TerminalGroup group) => _terminals.AsSpan(group.Start, group.Count);

    /// <summary>
    /// Walks the validated <paramref name="digits"/>; returns the terminal group indexes of every matching
    /// node. The span is per-thread scratch, valid until the next walk on this thread.
    /// </summary>
    public ReadOnlySpan<int> Match(ReadOnlySpan<char> digits)
    {
        var walk = TrieWalk.ForCurrentThread();
        int remaining = digits.Length;
        walk.Reset();
        walk.Begin();
        AddWithRepeats(walk, 0, 1UL << remaining);
        walk.EndStep();
        foreach (char c in digits)
        {
            int symbol = DialedSymbol.IndexOf(c);
            ulong needed = 1UL << --remaining;
            walk.Begin();
            foreach (int id in walk.Live)
            {
                ref readonly var node = ref _nodes[id];
                foreach (ulong edge in _edges.AsSpan(node.EdgeStart, node.EdgeCount))
                {
                    if ((edge & (1UL << (32 + symbol))) != 0) AddWithRepeats(walk, (int)(uint)edge, needed);
                }
                if ((node.LoopMask & (1 << symbol)) != 0) AddWithRepeats(walk, id, needed);
            }
            walk.EndStep();
            if (walk.Live.Length == 0) return [];
        }
        return walk.CollectGroups(_nodes);
    }

    /// <summary>Every entry matching <paramref name="digits"/> (for measurements and tests).</summary>
    public void FindMatches(ReadOnlySpan<char> digits, List<DialPlanEntry> matches)
    {
        foreach (int group in Match(digits))
        {
            foreach (var terminal in Terminals(_groups[group])) matches.Add(terminal.Entry);
        }
    }

    // A repeating element may match zero times: reaching a node also reaches its repeat children.
    // Nodes that cannot end with exactly the digits left are never added.
    private void AddWithRepeats(TrieWalk walk, int id, ulong needed)
    {
        ref readonly var node = ref _nodes[id];
        if ((node.CompletionLengths & needed) == 0 || !walk.TryAdd(id, node.LoopMask != 0)) return;
        int repeats = node.EdgeStart + node.EdgeCount;
        for (int i = 0; i < node.RepeatCount; i++) AddWithRepeats(walk, (int)(uint)_edges[repeats + i], needed);
    }
}
