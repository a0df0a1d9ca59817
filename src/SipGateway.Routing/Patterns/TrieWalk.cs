using System.Runtime.CompilerServices;

namespace SipGateway.Routing;

/// <summary>
/// Per-thread scratch for walking a <see cref="PatternIndex"/>: the live node set of the current and next
/// digit, so a walk allocates nothing and concurrent analyses never share state.
/// </summary>
internal sealed class TrieWalk
{
    [ThreadStatic] private static TrieWalk? s_current;

    // Both sets in one array, live and next in either half: a step swaps two ints, not two array
    // references (each a GC write barrier).
    private int[] _slots = new int[128];
    private int _half = 64;
    private int _liveStart;
    private int _nextStart = 64;
    private int _liveCount;
    private int _nextCount;
    private int _visited;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TrieWalk ForCurrentThread() => s_current ?? Create();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TrieWalk Create() => s_current = new TrieWalk();

    /// <summary>Index nodes entered by the last walk on this thread: the work a walk did, independent of machine load.</summary>
    public static int LastVisitedNodes => s_current?._visited ?? 0;

    public ReadOnlySpan<int> Live => _slots.AsSpan(_liveStart, _liveCount);

    public void Reset() => _visited = 0;

    /// <summary>Starts collecting the next live set.</summary>
    public void Begin() => _nextCount = 0;

    /// <summary>
    /// Adds a node to the next live set. In a trie only a looping node (or a repeat child, which loops) can be
    /// reached twice in one step, so only those pay for a duplicate check, and the live set stays tiny.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryAdd(int id, bool mayRepeat)
    {
        if (mayRepeat && _slots.AsSpan(_nextStart, _nextCount).Contains(id)) return false;
        Add(id);
        return true;
    }

    /// <summary>Adds a position that cannot already be in the next live set (it does not loop).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int id)
    {
        if (_nextCount == _half) Grow();
        _slots[_nextStart + _nextCount++] = id;
        // A step along a chain stays in the node already read: count only nodes entered.
        if (id >>> PatternIndex.DepthShift == 0) _visited++;
    }

    // A new array: a span over the old live half (the step being walked) stays valid.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow()
    {
        var grown = new int[_slots.Length * 2];
        int half = _half * 2;
        _slots.AsSpan(_liveStart, _liveCount).CopyTo(grown.AsSpan(_liveStart == 0 ? 0 : half));
        _slots.AsSpan(_nextStart, _nextCount).CopyTo(grown.AsSpan(_nextStart == 0 ? 0 : half));
        _liveStart = _liveStart == 0 ? 0 : half;
        _nextStart = _nextStart == 0 ? 0 : half;
        _half = half;
        _slots = grown;
    }

    public void EndStep()
    {
        (_liveStart, _nextStart) = (_nextStart, _liveStart);
        _liveCount = _nextCount;
        _nextCount = 0;
    }

    /// <summary>Keeps only the live positions where entries end, and returns them.</summary>
    public ReadOnlySpan<int> CollectEnds(PatternIndex index)
    {
        var live = _slots.AsSpan(_liveStart, _liveCount);
        int count = 0;
        for (int i = 0; i < live.Length; i++)
        {
            if (index.EndsAt(live[i])) live[count++] = live[i];
        }
        _liveCount = 0;
        return live[..count];
    }
}
