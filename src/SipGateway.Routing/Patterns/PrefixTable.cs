namespace SipGateway.Routing;

/// <summary>
/// Where a walk of a <see cref="PatternIndex"/> stands after the first <see cref="Length"/> dialed symbols, for
/// every possible prefix: a number's first symbols index straight into the live positions after them. The top
/// levels of the trie are its most shared and branchiest nodes (root, first digits, with their X branches);
/// skipping them removes several node reads and edge scans from every analysis (100k patterns: 9.9 -> 5.5 nodes a number, walk ~450 -> ~300 ns), for a table of ~0.4 MB (4 symbols; 3 gave 6.9 nodes).
/// </summary>
/// <remarks>
/// Each entry is a position (bits 0-31) with the shortest (32-39) and longest (40-47, 255 = unbounded) number of
/// symbols after which something can end below it, so positions that cannot end with exactly the digits left
/// are dropped without reading their node. The entries are the positions reachable over the prefix regardless
/// of the number's length: filtering the union by the digits left keeps every position the step-by-step walk
/// keeps (pruning is conservative there too), so the matches are the same.
/// </remarks>
internal sealed class PrefixTable
{
    public const int Length = 4;
    private const int Keys = DialedSymbol.Count * DialedSymbol.Count * DialedSymbol.Count * DialedSymbol.Count;

    private readonly int[] _starts;
    private readonly ulong[] _entries;

    private PrefixTable(int[] starts, ulong[] entries)
    {
        _starts = starts;
        _entries = entries;
    }

    /// <summary>Bytes the table occupies.</summary>
    public long Bytes => _starts.LongLength * sizeof(int) + _entries.LongLength * sizeof(ulong);

    /// <summary>The key of a number's first <see cref="Length"/> (validated) symbols.</summary>
    public static int KeyOf(ReadOnlySpan<char> digits) =>
        ((DialedSymbol.IndexOf(digits[0]) * DialedSymbol.Count + DialedSymbol.IndexOf(digits[1])) * DialedSymbol.Count
        + DialedSymbol.IndexOf(digits[2])) * DialedSymbol.Count + DialedSymbol.IndexOf(digits[3]);

    public ReadOnlySpan<ulong> At(int key) => _entries.AsSpan(_starts[key], _starts[key + 1] - _starts[key]);

    public static bool Fits(ulong entry, int remaining) =>
        (int)(entry >> 32 & 0xFF) <= remaining && remaining <= (int)(entry >> 40 & 0xFF);

    public static PrefixTable Build(PatternIndex index)
    {
        var starts = new int[Keys + 1];
        var entries = new List<ulong>();
        var root = new HashSet<int>();
        index.AddClosure(root, 0);
        var levels = new HashSet<int>[Length + 1];
        levels[0] = root;
        for (int l = 1; l <= Length; l++) levels[l] = [];
        Fill(index, levels, 1, 0, starts, entries);
        starts[Keys] = entries.Count;
        return new PrefixTable(starts, entries.ToArray());
    }

    // Depth-first over prefixes, one live set per level, so each level's step is taken once per prefix.
    private static void Fill(PatternIndex index, HashSet<int>[] levels, int level, int key, int[] starts, List<ulong> entries)
    {
        for (int symbol = 0; symbol < DialedSymbol.Count; symbol++)
        {
            var next = levels[level];
            next.Clear();
            if (levels[level - 1].Count > 0) index.StepUnpruned(levels[level - 1], symbol, next);
            int childKey = key * DialedSymbol.Count + symbol;
            if (level < Length)
            {
                Fill(index, levels, level + 1, childKey, starts, entries);
                continue;
            }
            starts[childKey] = entries.Count;
            // In memory order: the reads of the next step go forward through the index.
            var positions = next.ToArray();
            Array.Sort(positions, static (a, b) => (a & PatternIndex.OffsetMask).CompareTo(b & PatternIndex.OffsetMask));
            foreach (int position in positions)
            {
                (int shortest, int longest) = index.RangeAt(position);
                entries.Add((uint)position | (ulong)shortest << 32 | (ulong)longest << 40);
            }
        }
    }
}
