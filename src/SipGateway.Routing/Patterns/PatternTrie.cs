namespace SipGateway.Routing;

/// <summary>
/// The digit trie over every DN, route pattern and translation pattern while the plan is being built, kept
/// in flat arrays (first-child/next-sibling) so a 100k-pattern plan builds without an object per node;
/// <see cref="Freeze"/> turns it into the compact <see cref="PatternIndex"/> analysis walks.
/// </summary>
internal sealed class PatternTrie
{
    internal const int None = -1;

    private readonly List<BuildNode> _nodes = [new BuildNode(None, None, 0, false, None)];
    private readonly List<DialPlanEntry> _terminalEntries = [];
    private readonly List<int> _terminalNext = [];

    internal record struct BuildNode(int FirstChild, int NextSibling, ushort Mask, bool Repeats, int FirstTerminal);

    /// <summary>
    /// Adds the entry; returns an entry of the same partition already ending at the same node (it matches
    /// exactly the same strings), or null.
    /// </summary>
    public DialPlanEntry? Add(DialPlanEntry entry)
    {
        int node = 0;
        foreach (var element in entry.Pattern.Elements)
            node = Child(node, element);

        int last = None;
        for (int t = _nodes[node].FirstTerminal; t != None; t = _terminalNext[t])
        {
            if (_terminalEntries[t].Partition == entry.Partition) return _terminalEntries[t];
            last = t;
        }
        _terminalEntries.Add(entry);
        _terminalNext.Add(None);
        int added = _terminalEntries.Count - 1;
        if (last == None) _nodes[node] = _nodes[node] with { FirstTerminal = added };
        else _terminalNext[last] = added;
        return null;
    }

    private int Child(int parent, PatternElement element)
    {
        for (int c = _nodes[parent].FirstChild; c != None; c = _nodes[c].NextSibling)
        {
            var child = _nodes[c];
            if (child.Mask == element.Mask && child.Repeats == element.Repeats) return c;
        }
        _nodes.Add(new BuildNode(None, _nodes[parent].FirstChild, element.Mask, element.Repeats, None));
        int id = _nodes.Count - 1;
        _nodes[parent] = _nodes[parent] with { FirstChild = id };
        return id;
    }

    public PatternIndex Freeze() => new PatternIndexWriter(_nodes, _terminalEntries, _terminalNext).Write();
}
