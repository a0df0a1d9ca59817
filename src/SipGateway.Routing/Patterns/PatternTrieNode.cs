namespace SipGateway.Routing;

/// <summary>
/// A node of the digit trie that indexes every pattern and DN of a dial plan. Edges carry a symbol set;
/// single symbols get a direct slot so plain digits cost one array read.
/// </summary>
internal sealed class PatternTrieNode
{
    private static readonly Edge[] NoEdges = [];

    public int Id;

    /// <summary>Child per single dialed symbol, allocated only when the node has one.</summary>
    public PatternTrieNode?[]? Literal;

    /// <summary>Children reached by one symbol of a set (X, [2-9], [^0]).</summary>
    public Edge[] Classes = NoEdges;

    /// <summary>Children reached without consuming a symbol; each loops on its <see cref="LoopMask"/>.</summary>
    public Edge[] Repeats = NoEdges;

    /// <summary>Non-zero when the node was entered through a repeating element: it may consume these symbols again.</summary>
    public ushort LoopMask;

    /// <summary>Patterns and DNs that end here, in every partition.</summary>
    public DialPlanEntry[]? Terminals;

    public readonly record struct Edge(ushort Mask, PatternTrieNode Child);

    public PatternTrieNode Child(PatternElement element, ref int nodeCount)
    {
        if (!element.Repeats && System.Numerics.BitOperations.PopCount(element.Mask) == 1)
        {
            int symbol = System.Numerics.BitOperations.TrailingZeroCount(element.Mask);
            Literal ??= new PatternTrieNode?[DialedSymbol.Count];
            return Literal[symbol] ??= new PatternTrieNode { Id = nodeCount++ };
        }
        ref var edges = ref element.Repeats ? ref Repeats : ref Classes;
        foreach (var edge in edges)
        {
            if (edge.Mask == element.Mask) return edge.Child;
        }
        var child = new PatternTrieNode { Id = nodeCount++, LoopMask = element.Repeats ? element.Mask : (ushort)0 };
        Array.Resize(ref edges, edges.Length + 1);
        edges[^1] = new Edge(element.Mask, child);
        return child;
    }

    public void AddTerminal(DialPlanEntry entry)
    {
        var terminals = Terminals ?? [];
        Array.Resize(ref terminals, terminals.Length + 1);
        terminals[^1] = entry;
        Terminals = terminals;
    }
}
