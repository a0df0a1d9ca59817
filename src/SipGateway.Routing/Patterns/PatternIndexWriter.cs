using System.Numerics;

namespace SipGateway.Routing;

/// <summary>
/// Lays a built <see cref="PatternTrie"/> out as a <see cref="PatternIndex"/>: nodes in depth-first order,
/// and every chain of single-child nodes (the digits past a plan's dense prefixes) merged into the node that
/// starts it, its symbol masks packed four to a word. A 100k-pattern plan then takes a third of the words and
/// a walk fetches one cache line per chain instead of one per digit.
/// </summary>
internal sealed class PatternIndexWriter
{
    private const int None = PatternTrie.None;

    private readonly List<PatternTrie.BuildNode> _nodes;
    private readonly List<DialPlanEntry> _terminalEntries;
    private readonly List<int> _terminalNext;

    public PatternIndexWriter(List<PatternTrie.BuildNode> nodes, List<DialPlanEntry> terminalEntries, List<int> terminalNext)
    {
        _nodes = nodes;
        _terminalEntries = terminalEntries;
        _terminalNext = terminalNext;
    }

    public PatternIndex Write()
    {
        // Depth-first (preorder) numbering: a node's first child follows it, so what a walk reads next is near.
        int count = _nodes.Count;
        var order = new int[count];
        var position = new int[count];
        var parent = new int[count];
        var stack = new Stack<int>();
        stack.Push(0);
        parent[0] = None;
        int placed = 0;
        while (stack.Count > 0)
        {
            int node = stack.Pop();
            position[node] = placed;
            order[placed++] = node;
            for (int c = _nodes[node].FirstChild; c != None; c = _nodes[c].NextSibling)
            {
                parent[c] = node;
                stack.Push(c);
            }
        }

        // Children come after parents in preorder: fill completion lengths bottom-up.
        var lengths = new ulong[count];
        for (int id = count - 1; id >= 0; id--)
        {
            var node = _nodes[order[id]];
            ulong completion = node.FirstTerminal != None ? 1UL : 0;
            for (int c = node.FirstChild; c != None; c = _nodes[c].NextSibling)
            {
                // A repeating child is entered without consuming a symbol (zero repeats).
                completion |= _nodes[c].Repeats ? lengths[position[c]] : lengths[position[c]] << 1;
            }
            // A looping node can consume any number of extra symbols first: every longer length works too.
            if (node.Repeats && completion != 0) completion |= ~0UL << BitOperations.TrailingZeroCount(completion);
            lengths[id] = completion;
        }

        // Chains: a node joins its parent's compact node when the parent has it as its only child, ends no
        // entry, and neither of them repeats (so no step inside a chain branches, loops or ends a match).
        // The root never starts a chain: the walk enters it with the exact completion check, which a chain
        // would make refer to the chain's end.
        var head = new int[count];   // preorder id of the compact node holding each trie node
        var depth = new int[count];  // symbols consumed inside that compact node before reaching it
        var end = new int[count];    // for a head: preorder id of its chain's last node
        for (int id = 0; id < count; id++)
        {
            int node = order[id];
            head[id] = id;
            end[id] = id;
            if (id == 0) continue;
            int p = position[parent[node]];
            var parentNode = _nodes[parent[node]];
            if (p != 0 && !parentNode.Repeats && parentNode.FirstTerminal == None && parentNode.FirstChild == node
                && _nodes[node].NextSibling == None && !_nodes[node].Repeats && depth[p] < PatternIndex.MaxChain)
            {
                head[id] = head[p];
                depth[id] = depth[p] + 1;
                end[head[id]] = id;
            }
        }

        var offsets = new int[count];
        long size = 0;
        int compactNodes = 0;
        for (int id = 0; id < count; id++)
        {
            if (head[id] != id) continue;
            compactNodes++;
            offsets[id] = checked((int)size);
            var last = _nodes[order[end[id]]];
            size += 1 + PatternIndex.ChainWords(depth[end[id]]);
            bool extended = last.Repeats;
            for (int c = last.FirstChild; c != None; c = _nodes[c].NextSibling)
            {
                size++;
                extended |= _nodes[c].Repeats;
            }
            if (extended) size++;
        }
        if (size > PatternIndex.MaxWords)
            throw new InvalidOperationException($"the pattern index needs {size} words; at most {PatternIndex.MaxWords} fit");

        var words = new ulong[size];
        var terminals = new List<Terminal>();
        for (int id = 0; id < count; id++)
        {
            if (head[id] != id) continue;
            int last = end[id];
            int chain = depth[last];
            var node = _nodes[order[last]];
            int at = offsets[id];
            bool extended = node.Repeats;
            for (int c = node.FirstChild; c != None; c = _nodes[c].NextSibling) extended |= _nodes[c].Repeats;
            int body = at + 1 + (extended ? 1 : 0);
            int first = None;
            if (node.FirstTerminal != None)
            {
                var pattern = _terminalEntries[node.FirstTerminal].Pattern;
                UInt128 closeness = pattern.IsFixedLength ? pattern.CountMatches(pattern.Elements.Length) : 0;
                int groupSize = 0;
                for (int t = node.FirstTerminal; t != None; t = _terminalNext[t]) groupSize++;
                first = terminals.Count;
                for (int t = node.FirstTerminal; t != None; t = _terminalNext[t])
                {
                    terminals.Add(new Terminal(_terminalEntries[t], closeness <= ulong.MaxValue ? (ulong)closeness : 0,
                        terminals.Count == first ? groupSize : 0));
                }
            }

            // The chain's masks, after the header: the k-th symbol past the head must be in mask k.
            for (int k = 1; k <= chain; k++)
            {
                ushort mask = _nodes[order[id + k]].Mask;
                words[body + (k - 1) / 4] |= (ulong)mask << (16 * ((k - 1) % 4));
            }

            // Symbol edges first, then repeat edges (no symbol bits, so a digit never follows them).
            int edges = 0, repeats = 0;
            int next = body + PatternIndex.ChainWords(chain);
            for (int pass = 0; pass < 2; pass++)
            {
                for (int c = node.FirstChild; c != None; c = _nodes[c].NextSibling)
                {
                    var child = _nodes[c];
                    if (child.Repeats != (pass == 1)) continue;
                    int childId = position[c];
                    bool grandchildRepeats = false;
                    for (int g = child.FirstChild; g != None; g = _nodes[g].NextSibling) grandchildRepeats |= _nodes[g].Repeats;
                    words[next++] = PatternIndex.Edge(child.Repeats ? (ushort)0 : child.Mask, offsets[childId], lengths[childId],
                        child.Repeats, grandchildRepeats);
                    if (pass == 0) edges++; else repeats++;
                }
            }
            words[at] = PatternIndex.Header(edges, extended, chain, lengths[last], first);
            if (extended) words[at + 1] = PatternIndex.Extension(repeats, node.Repeats ? node.Mask : (ushort)0);
        }
        return new PatternIndex(words, compactNodes, count, terminals.ToArray());
    }
}
