namespace SipGateway.Routing;

/// <summary>
/// The digit trie over every DN, route pattern and translation pattern while the plan is being built, kept
/// in flat arrays (first-child/next-sibling) so a 100k-pattern plan builds without an object per node;
/// <see cref="Freeze"/> turns it into the compact <see cref="PatternIndex"/> analysis walks.
/// </summary>
internal sealed class PatternTrie
{
    private const int None = -1;

    private readonly List<BuildNode> _nodes = [new BuildNode(None, None, 0, false, None)];
    private readonly List<DialPlanEntry> _terminalEntries = [];
    private readonly List<int> _terminalNext = [];

    private record struct BuildNode(int FirstChild, int NextSibling, ushort Mask, bool Repeats, int FirstTerminal);

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

    public PatternIndex Freeze()
    {
        // Breadth-first numbering keeps siblings, and the nodes one step apart in a walk, close in memory.
        int count = _nodes.Count;
        var order = new int[count];
        var bfs = new int[count];
        int placed = 1;
        for (int head = 0; head < placed; head++)
        {
            for (int c = _nodes[order[head]].FirstChild; c != None; c = _nodes[c].NextSibling)
            {
                bfs[c] = placed;
                order[placed++] = c;
            }
        }

        // Children come after parents in breadth-first order: fill completion lengths bottom-up.
        var lengths = new ulong[count];
        for (int id = count - 1; id >= 0; id--)
        {
            var node = _nodes[order[id]];
            ulong completion = node.FirstTerminal != None ? 1UL : 0;
            for (int c = node.FirstChild; c != None; c = _nodes[c].NextSibling)
            {
                // A repeating child is entered without consuming a symbol (zero repeats).
                completion |= _nodes[c].Repeats ? lengths[bfs[c]] : lengths[bfs[c]] << 1;
            }
            // A looping node can consume any number of extra symbols first: every longer length works too.
            if (node.Repeats && completion != 0) completion |= ~0UL << System.Numerics.BitOperations.TrailingZeroCount(completion);
            lengths[id] = completion;
        }

        var offsets = new int[count];
        long size = 0;
        for (int id = 0; id < count; id++)
        {
            offsets[id] = checked((int)size);
            size += PatternIndex.HeaderWords;
            for (int c = _nodes[order[id]].FirstChild; c != None; c = _nodes[c].NextSibling) size++;
        }

        var words = new ulong[checked((int)size)];
        var groups = new List<PatternIndex.TerminalGroup>();
        var terminals = new List<PatternIndex.Terminal>();
        for (int id = 0; id < count; id++)
        {
            var node = _nodes[order[id]];
            int at = offsets[id];
            int group = None;
            if (node.FirstTerminal != None)
            {
                var pattern = _terminalEntries[node.FirstTerminal].Pattern;
                int start = terminals.Count;
                for (int t = node.FirstTerminal; t != None; t = _terminalNext[t])
                {
                    var entry = _terminalEntries[t];
                    terminals.Add(new PatternIndex.Terminal(entry, entry.Partition.Id, entry.Order));
                }
                group = groups.Count;
                groups.Add(new PatternIndex.TerminalGroup(start, terminals.Count - start, pattern,
                    pattern.IsFixedLength ? pattern.CountMatches(pattern.Elements.Length) : 0));
            }

            // Symbol edges first, then repeat edges (no symbol bits, so a digit never follows them).
            int edges = 0, repeats = 0;
            int next = at + PatternIndex.HeaderWords;
            for (int pass = 0; pass < 2; pass++)
            {
                for (int c = node.FirstChild; c != None; c = _nodes[c].NextSibling)
                {
                    var child = _nodes[c];
                    if (child.Repeats != (pass == 1)) continue;
                    int childId = bfs[c];
                    bool grandchildRepeats = false;
                    for (int g = child.FirstChild; g != None; g = _nodes[g].NextSibling) grandchildRepeats |= _nodes[g].Repeats;
                    words[next++] = PatternIndex.Edge(child.Repeats ? (ushort)0 : child.Mask, offsets[childId], lengths[childId],
                        child.Repeats, grandchildRepeats);
                    if (pass == 0) edges++; else repeats++;
                }
            }
            words[at] = lengths[id];
            words[at + 1] = PatternIndex.Header(edges, checked((byte)repeats), node.Repeats ? node.Mask : (ushort)0, group);
        }
        return new PatternIndex(words, count, groups.ToArray(), terminals.ToArray());
    }
}
