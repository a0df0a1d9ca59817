using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SipGateway.Routing;

/// <summary>
/// The frozen, compact form of <see cref="PatternTrie"/> that analysis walks (laid out by
/// <see cref="PatternIndexWriter"/>). Each node is a run of words in one array, in depth-first order, and a
/// chain of single-child trie nodes is one node holding the chain's symbol masks, so a walk fetches about one
/// cache line per branching point rather than per digit; and the walk drops every node that cannot end with
/// exactly the digits left. Its cost follows the digits dialed and the wildcards able to match them, not the
/// pattern count.
/// </summary>
/// <remarks>
/// Node at offset o: word o is the header: edge count (bits 0-12), chain length (13-16), whether an extra word
/// follows (17), the shortest (18-23) and longest (24-29, 63 = unbounded) completion of the chain's last node,
/// and the first terminal + 1 (30-63, 0 when no entry ends there). One word, not two: the 100k-pattern index
/// then fits the 2 MB L2 far better, and a completion range prunes as well as the exact length set did in
/// practice (pruning only saves work; a walk's result never depends on it). Nodes with repeat edges or a
/// loop (rare) have the extra word: repeat count (bits 0-15) and loop mask (16-28). Then the chain's masks,
/// four 16-bit lanes a word; then one word per
/// symbol edge and per repeat edge of the chain's last node: child offset (bits 0-31), symbol mask (32-44),
/// the child's shortest (45-50) and longest (51-56, 63 = unbounded) completion, whether the child loops (57)
/// and whether it has repeat edges (58). What ranking reads for a node where entries end is not in the walked
/// words (a walk passes ~10 nodes and ranks 1-3, so it would only dilute the cache): it is in the
/// <see cref="Terminal"/>s the header points to, one per entry ending there, the first holding their count.
/// A live position in a walk is an int: the node's offset (bits 0-26) and how many chain symbols it has
/// consumed inside the node (27-31). Only a node at the end of its chain branches, loops or ends a match.
/// </remarks>
internal sealed class PatternIndex
{
    internal const int Unbounded = 63;
    internal const int MaxChain = 15;
    internal const int MaxWords = 1 << DepthShift;
    internal const int DepthShift = 27;
    internal const int OffsetMask = MaxWords - 1;
    private const int ChainShift = 13;
    private const ulong Extended = 1UL << 17;
    private const int ShortestShift = 18;
    private const int LongestShift = 24;
    private const int RankingShift = 30;
    private const ulong ChildLoops = 1UL << 57;
    private const ulong ChildHasRepeats = 1UL << 58;

    private readonly ulong[] _words;
    private readonly Terminal[] _terminals;

    public PatternIndex(ulong[] words, int nodeCount, int trieNodeCount, Terminal[] terminals)
    {
        _words = words;
        NodeCount = nodeCount;
        TrieNodeCount = trieNodeCount;
        _terminals = terminals;
    }

    private PrefixTable? _prefixes;

    /// <summary>
    /// Built on first use rather than with the index: its cost is fixed (every 4-symbol prefix), and a plan rebuilt
    /// often (Extension Mobility logins swap in a new plan each time) then pays it only if a call is analysed with it.
    /// </summary>
    private PrefixTable Prefixes
    {
        get
        {
            var table = Volatile.Read(ref _prefixes);
            if (table is not null) return table;
            var built = PrefixTable.Build(this);
            return Interlocked.CompareExchange(ref _prefixes, built, null) ?? built;
        }
    }

    /// <summary>Nodes in the index (a chain counts once).</summary>
    public int NodeCount { get; }

    /// <summary>Nodes of the trie before chains were merged.</summary>
    public int TrieNodeCount { get; }

    /// <summary>Size of the index in bytes (what a cold walk has to fetch from).</summary>
    public long Bytes => _words.LongLength * sizeof(ulong) + Prefixes.Bytes;


    internal static int ChainWords(int chain) => (chain + 3) >> 2;

    /// <param name="ranking">The first terminal ending at the node, or -1 when no entry ends there.</param>
    /// <param name="lengths">Completion lengths of the chain's last node (bit r: some entry ends exactly r symbols below it).</param>
    internal static ulong Header(int edges, bool extended, int chain, ulong lengths, int ranking)
    {
        if ((uint)chain > MaxChain) throw new ArgumentOutOfRangeException(nameof(chain));
        if ((uint)edges > 0x1FFF) throw new ArgumentOutOfRangeException(nameof(edges));
        (int shortest, int longest) = Range(lengths);
        return (uint)edges | ((ulong)chain << ChainShift) | (extended ? Extended : 0) | ((ulong)shortest << ShortestShift)
            | ((ulong)longest << LongestShift) | ((ulong)(uint)(ranking + 1) << RankingShift);
    }

    /// <summary>The extra word of a node with repeat edges or a loop.</summary>
    internal static ulong Extension(int repeats, ushort loopMask) =>
        checked((ushort)repeats) | ((ulong)loopMask << 16);

    // No completion at all: an empty range (shortest 63 > longest 0) that no remaining count passes.
    private static (int Shortest, int Longest) Range(ulong lengths) => lengths == 0 ? (Unbounded, 0)
        : (BitOperations.TrailingZeroCount(lengths),
           (lengths & (1UL << 63)) != 0 ? Unbounded : 63 - BitOperations.LeadingZeroCount(lengths));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool CanEnd(ulong header, int remaining) =>
        (int)(header >> ShortestShift & 63) <= remaining && remaining <= (int)(header >> LongestShift & 63);

    /// <summary>Offset of the chain's masks (after the header and the extra word, if any).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Body(int node, ulong header) => node + 1 + (int)(header >> 17 & 1);

    internal static ulong Edge(ushort mask, int child, ulong childLengths, bool childLoops, bool childHasRepeats)
    {
        (int shortest, int longest) = Range(childLengths);
        return (uint)child | ((ulong)mask << 32) | ((ulong)shortest << 45) | ((ulong)longest << 51)
            | (childLoops ? ChildLoops : 0) | (childHasRepeats ? ChildHasRepeats : 0);
    }

    private static int ChainOf(ulong header) => (int)(header >> ChainShift) & MaxChain;

    internal static int EdgeCountOf(ulong header) => (int)header & 0x1FFF;

    /// <summary>
    /// The terminals ending at a position <see cref="Match"/> returned (they all match the same strings), and the
    /// index of the first.
    /// </summary>
    public ReadOnlySpan<Terminal> TerminalsAt(int position, out int first)
    {
        first = (int)(_words[position & OffsetMask] >> RankingShift) - 1;
        return _terminals.AsSpan(first, _terminals[first].GroupCount);
    }

    /// <summary>
    /// How many strings of <paramref name="length"/> symbols the entries of a group match, from its first
    /// terminal: the copy of a fixed-length pattern's count, or counted by the pattern for a variable-length one.
    /// </summary>
    public static UInt128 Closeness(in Terminal first, int length) =>
        first.Closeness != 0 ? first.Closeness
        : first.CountsByLength is { } counts ? (uint)length < (uint)counts.Length ? counts[length] : 0
        : first.Entry.Pattern.CountMatches(length);

    /// <summary>A terminal by its index (<see cref="TerminalsAt"/>'s first plus its place in the span).</summary>
    public ref readonly Terminal TerminalAt(int terminal) => ref _terminals[terminal];

    /// <summary>Whether entries end at a live position (inside a chain nothing ends).</summary>
    internal bool EndsAt(int position)
    {
        ulong header = _words[position & OffsetMask];
        return position >>> DepthShift == ChainOf(header) && header >> RankingShift != 0;
    }

    /// <summary>
    /// Walks the validated <paramref name="digits"/>; returns the positions of every matching node (read them
    /// with <see cref="TerminalsAt"/>). The span is
    /// per-thread scratch, valid until the next walk on this thread.
    /// </summary>
    public ReadOnlySpan<int> Match(ReadOnlySpan<char> digits)
    {
        // Offsets come from the writer and always fall inside the array: the walk reads it without bounds checks.
        ref ulong words = ref MemoryMarshal.GetArrayDataReference(_words);
        var walk = TrieWalk.ForCurrentThread();
        int remaining = digits.Length;
        walk.Reset();
        walk.Begin();
        if (remaining >= PrefixTable.Length)
        {
            // The first symbols by table lookup: the walk starts below the trie's shared top levels.
            remaining -= PrefixTable.Length;
            foreach (ulong entry in Prefixes.At(PrefixTable.KeyOf(digits)))
            {
                if (PrefixTable.Fits(entry, remaining)) walk.Add((int)(uint)entry);
            }
            digits = digits[PrefixTable.Length..];
        }
        else AddWithRepeats(walk, 0, remaining);
        walk.EndStep();
        if (walk.Live.Length == 0) return [];
        foreach (char c in digits)
        {
            int symbol = DialedSymbol.IndexOf(c);
            ulong symbolBit = 1UL << (32 + symbol);
            remaining--;
            walk.Begin();
            foreach (int position in walk.Live)
            {
                int node = position & OffsetMask;
                int consumed = position >>> DepthShift;
                ulong header = Unsafe.Add(ref words, node);
                int chain = ChainOf(header);
                int body = Body(node, header);
                if (consumed < chain)
                {
                    // Inside a chain: one mask to test, in the line already fetched; no branching, no loop.
                    ulong lanes = Unsafe.Add(ref words, body + (consumed >> 2));
                    if ((lanes >> ((consumed & 3) * 16) & (1UL << symbol)) == 0) continue;
                    if (!CanEnd(header, remaining - (chain - consumed - 1))) continue;
                    int next = position + (1 << DepthShift);
                    if (consumed + 1 == chain && (header & Extended) != 0) AddWithRepeats(walk, next, remaining);
                    else walk.Add(next);
                    continue;
                }
                ref ulong edge = ref Unsafe.Add(ref words, body + ChainWords(chain));
                for (int e = EdgeCountOf(header); e > 0; e--, edge = ref Unsafe.Add(ref edge, 1))
                {
                    // The child's completion range and flags are in the edge: a child is added without reading it,
                    // so the reads of the next live set are independent and overlap; dead branches cost nothing.
                    ulong value = edge;
                    if ((value & symbolBit) == 0
                        || (int)(value >> 45 & 63) > remaining || remaining > (int)(value >> 51 & 63)) continue;
                    if ((value & ChildHasRepeats) != 0) AddWithRepeats(walk, (int)(uint)value, remaining);
                    else if ((value & ChildLoops) != 0) walk.TryAdd((int)(uint)value, true);
                    else walk.Add((int)(uint)value);
                }
                if ((header & Extended) != 0 && ((Unsafe.Add(ref words, node + 1) >> 16) & (symbolBit >> 32)) != 0)
                    AddWithRepeats(walk, position, remaining);
            }
            walk.EndStep();
            if (walk.Live.Length == 0) return [];
        }
        return walk.CollectEnds(this);
    }

    /// <summary>Every entry matching <paramref name="digits"/> (for measurements and tests).</summary>
    public void FindMatches(ReadOnlySpan<char> digits, List<DialPlanEntry> matches)
    {
        foreach (int position in Match(digits))
        {
            foreach (var terminal in TerminalsAt(position, out _)) matches.Add(terminal.Entry);
        }
    }

    /// <summary>
    /// For <see cref="PrefixTable"/>: every position one <paramref name="symbol"/> leads to from
    /// <paramref name="live"/>, as the walk steps but without dropping positions by the digits left.
    /// </summary>
    internal void StepUnpruned(HashSet<int> live, int symbol, HashSet<int> next)
    {
        foreach (int position in live)
        {
            int node = position & OffsetMask;
            int consumed = position >>> DepthShift;
            ulong header = _words[node];
            int chain = ChainOf(header);
            int body = Body(node, header);
            if (consumed < chain)
            {
                if ((_words[body + (consumed >> 2)] >> ((consumed & 3) * 16) & (1UL << symbol)) == 0) continue;
                AddClosure(next, position + (1 << DepthShift));
                continue;
            }
            int edges = EdgeCountOf(header), first = body + ChainWords(chain);
            for (int e = 0; e < edges; e++)
            {
                ulong value = _words[first + e];
                if ((value & (1UL << (32 + symbol))) != 0) AddClosure(next, (int)(uint)value);
            }
            if ((header & Extended) != 0 && ((_words[node + 1] >> 16) & (1UL << symbol)) != 0) AddClosure(next, position);
        }
    }

    /// <summary>Adds a position and, when it is at its chain's end, its repeat children (zero repeats), recursively.</summary>
    internal void AddClosure(HashSet<int> set, int position)
    {
        if (!set.Add(position)) return;
        int node = position & OffsetMask;
        ulong header = _words[node];
        if (position >>> DepthShift != ChainOf(header) || (header & Extended) == 0) return;
        int repeats = (ushort)_words[node + 1];
        int first = Body(node, header) + ChainWords(ChainOf(header)) + EdgeCountOf(header);
        for (int i = 0; i < repeats; i++) AddClosure(set, (int)(uint)_words[first + i]);
    }

    /// <summary>The fewest and most symbols (255: unbounded) after which something can end below a position.</summary>
    internal (int Shortest, int Longest) RangeAt(int position)
    {
        ulong header = _words[position & OffsetMask];
        int toEnd = ChainOf(header) - (position >>> DepthShift);
        int shortest = (int)(header >> ShortestShift & 63), longest = (int)(header >> LongestShift & 63);
        return (Math.Min(shortest + toEnd, 255), longest == Unbounded ? 255 : Math.Min(longest + toEnd, 254));
    }

    // A repeating element may match zero times: reaching a node also reaches its repeat children.
    // Nodes that cannot end with exactly the digits left are never added. Only called for a position at the
    // end of its node's chain (word 0 describes that end).
    private void AddWithRepeats(TrieWalk walk, int position, int remaining)
    {
        var words = _words;
        int node = position & OffsetMask;
        ulong header = words[node];
        if (!CanEnd(header, remaining)) return;
        ulong extension = (header & Extended) != 0 ? words[node + 1] : 0;
        if (!walk.TryAdd(position, (extension >> 16) != 0)) return;
        int repeats = (ushort)extension;
        int first = Body(node, header) + ChainWords(ChainOf(header)) + EdgeCountOf(header);
        for (int i = 0; i < repeats; i++) AddWithRepeats(walk, (int)(uint)words[first + i], remaining);
    }
}
