using System.Numerics;

namespace SipGateway.Routing;

/// <summary>
/// The frozen, compact form of <see cref="PatternTrie"/> that analysis walks. Each node is a run of words in
/// one array (two header words, then its edges), numbered breadth-first, so visiting a node costs about one
/// cache line however large the plan; and the walk drops every node that cannot end with exactly the digits
/// left. Its cost follows the digits dialed and the wildcards able to match them, not the pattern count.
/// </summary>
/// <remarks>
/// Node at offset o: word o = completion lengths (bit r: some entry ends exactly r symbols below);
/// word o+1 = edge count (bits 0-15), repeat count (16-23), loop mask (24-39), terminal group + 1 (40-63);
/// then one word per symbol edge and per repeat edge: child offset (bits 0-31), symbol mask (32-44),
/// the child's shortest (45-50) and longest (51-56, 63 = unbounded) completion, whether the child loops (57)
/// and whether it has repeat edges (58).
/// </remarks>
internal sealed class PatternIndex
{
    internal const int HeaderWords = 2;
    internal const int Unbounded = 63;
    private const ulong ChildLoops = 1UL << 57;
    private const ulong ChildHasRepeats = 1UL << 58;

    private readonly ulong[] _words;
    private readonly TerminalGroup[] _groups;
    private readonly Terminal[] _terminals;

    public PatternIndex(ulong[] words, int nodeCount, TerminalGroup[] groups, Terminal[] terminals)
    {
        _words = words;
        NodeCount = nodeCount;
        _groups = groups;
        _terminals = terminals;
    }

    public int NodeCount { get; }

    /// <summary>Entries ending at one node: they all match exactly the same strings.</summary>
    /// <param name="FixedCount">The closeness of a fixed-length pattern; 0 for a variable-length one.</param>
    public readonly record struct TerminalGroup(int Start, int Count, DigitPattern Pattern, UInt128 FixedCount);

    /// <summary>An entry with what ranking needs copied beside it, so losers are never dereferenced.</summary>
    public readonly record struct Terminal(DialPlanEntry Entry, int PartitionId, int Order);

    public ref readonly TerminalGroup Group(int index) => ref _groups[index];

    public ReadOnlySpan<Terminal> Terminals(in TerminalGroup group) => _terminals.AsSpan(group.Start, group.Count);

    internal static ulong Header(int edges, int repeats, ushort loopMask, int terminalGroup) =>
        (uint)edges | ((ulong)repeats << 16) | ((ulong)loopMask << 24) | ((ulong)(terminalGroup + 1) << 40);

    internal static ulong Edge(ushort mask, int child, ulong childLengths, bool childLoops, bool childHasRepeats)
    {
        int shortest = BitOperations.TrailingZeroCount(childLengths);
        int longest = (childLengths & (1UL << 63)) != 0 ? Unbounded : 63 - BitOperations.LeadingZeroCount(childLengths);
        return (uint)child | ((ulong)mask << 32) | ((ulong)shortest << 45) | ((ulong)longest << 51)
            | (childLoops ? ChildLoops : 0) | (childHasRepeats ? ChildHasRepeats : 0);
    }

    /// <summary>
    /// Walks the validated <paramref name="digits"/>; returns the terminal group indexes of every matching
    /// node. The span is per-thread scratch, valid until the next walk on this thread.
    /// </summary>
    public ReadOnlySpan<int> Match(ReadOnlySpan<char> digits)
    {
        var words = _words;
        var walk = TrieWalk.ForCurrentThread();
        int remaining = digits.Length;
        walk.Reset();
        walk.Begin();
        AddWithRepeats(walk, 0, remaining);
        walk.EndStep();
        foreach (char c in digits)
        {
            ulong symbolBit = 1UL << (32 + DialedSymbol.IndexOf(c));
            remaining--;
            walk.Begin();
            foreach (int node in walk.Live)
            {
                ulong header = words[node + 1];
                int edges = (ushort)header;
                foreach (ulong edge in words.AsSpan(node + HeaderWords, edges))
                {
                    // The child's completion range and flags are in the edge: a child is added without reading it,
                    // so the reads of the next live set are independent and overlap; dead branches cost nothing.
                    if ((edge & symbolBit) == 0
                        || (int)(edge >> 45 & 63) > remaining || remaining > (int)(edge >> 51 & 63)) continue;
                    if ((edge & ChildHasRepeats) != 0) AddWithRepeats(walk, (int)(uint)edge, remaining);
                    else walk.TryAdd((int)(uint)edge, (edge & ChildLoops) != 0);
                }
                if (((header >> 24) & (symbolBit >> 32)) != 0) AddWithRepeats(walk, node, remaining);
            }
            walk.EndStep();
            if (walk.Live.Length == 0) return [];
        }
        return walk.CollectGroups(words);
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
    private void AddWithRepeats(TrieWalk walk, int node, int remaining)
    {
        var words = _words;
        if ((words[node] & (1UL << remaining)) == 0) return;
        ulong header = words[node + 1];
        bool loops = (header >> 24 & 0xFFFF) != 0;
        if (!walk.TryAdd(node, loops)) return;
        int repeats = (int)(header >> 16 & 0xFF);
        int first = node + HeaderWords + (ushort)header;
        for (int i = 0; i < repeats; i++) AddWithRepeats(walk, (int)(uint)words[first + i], remaining);
    }
}
