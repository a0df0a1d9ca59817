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

    /// <summary>Adds the entry and returns any entries already ending at the same node (same strings matched).</summary>
    public List<DialPlanEntry> Add(DialPlanEntry entry)
    {
        int node = 0;
        foreach (var element in entry.Pattern.Elements)
            node = Child(node, element);

        var existing = new List<DialPlanEntry>(0);
        int last = None;
        for (int t = _nodes[node].FirstTerminal; t != None; t = _terminalNext[t])
        {
            existing.Add(_terminalEntries[t]);
            last = t;
        }
        _terminalEntries.Add(entry);
        _terminalNext.Add(None);
        int added = _terminalEntries.Count - 1;
        if (last == None) _nodes[node] = _nodes[node] with { FirstTerminal = added };
        else _terminalNext[last] = added;
        return existing;
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
        var newId = new int[count];
        int placed = 1;
        for (int head = 0; head < placed; head++)
        {
            for (int c = _nodes[order[head]].FirstChild; c != None; c = _nodes[c].NextSibling)
            {
                newId[c] = placed;
                order[placed++] = c;
            }
        }

        var nodes = new PatternIndexNode[count];
        var edges = new List<ulong>(count);
        var repeats = new List<ulong>();
        var groups = new List<PatternIndex.TerminalGroup>();
        var terminals = new List<PatternIndex.Terminal>();
        for (int id = 0; id < count; id++)
        {
            var node = _nodes[order[id]];
            ref var frozen = ref nodes[id];
            frozen.EdgeStart = edges.Count;
            repeats.Clear();
            for (int c = node.FirstChild; c != None; c = _nodes[c].NextSibling)
            {
                // A repeating child is entered without consuming a symbol (zero repeats), then loops on its
                // mask; its edge goes after the symbol edges with no symbol bits, so it never matches a digit.
                if (_nodes[c].Repeats) repeats.Add((uint)newId[c]);
                else edges.Add(((ulong)_nodes[c].Mask << 32) | (uint)newId[c]);
            }
            frozen.EdgeCount = checked((ushort)(edges.Count - frozen.EdgeStart));
            frozen.RepeatCount = checked((byte)repeats.Count);
            edges.AddRange(repeats);
            frozen.LoopMask = node.Repeats ? node.Mask : (ushort)0;
            frozen.TerminalGroup = None;
            if (node.FirstTerminal != None)
            {
                var pattern = _terminalEntries[node.FirstTerminal].Pattern;
                int start = terminals.Count;
                for (int t = node.FirstTerminal; t != None; t = _terminalNext[t])
                {
                    var entry = _terminalEntries[t];
                    terminals.Add(new PatternIndex.Terminal(entry, entry.Partition.Id, entry.Order));
                }
                frozen.TerminalGroup = groups.Count;
                groups.Add(new PatternIndex.TerminalGroup(start, terminals.Count - start, pattern,
                    pattern.IsFixedLength ? pattern.CountMatches(pattern.Elements.Length) : 0));
            }
        }

        // Children come after parents in breadth-first order: fill completion lengths bottom-up.
        var edgeArray = edges.ToArray();
        for (int id = count - 1; id >= 0; id--)
        {
            ref var node = ref nodes[id];
            ulong lengths = node.TerminalGroup != None ? 1UL : 0;
            foreach (ulong edge in edgeArray.AsSpan(node.EdgeStart, node.EdgeCount))
                lengths |= nodes[(int)(uint)edge].CompletionLengths << 1;
            foreach (ulong edge in edgeArray.AsSpan(node.EdgeStart + node.EdgeCount, node.RepeatCount))
                lengths |= nodes[(int)(uint)edge].CompletionLengths;
            // A looping node can consume any number of extra symbols first: every longer length works too.
            if (node.LoopMask != 0 && lengths != 0) lengths |= ~0UL << System.Numerics.BitOperations.TrailingZeroCount(lengths);
            node.CompletionLengths = lengths;
        }
        return new PatternIndex(nodes, edgeArray, groups.ToArray(), terminals.ToArray());
    }
}
