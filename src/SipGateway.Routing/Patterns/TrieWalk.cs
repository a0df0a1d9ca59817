using System.Runtime.CompilerServices;

namespace SipGateway.Routing;

/// <summary>
/// Per-thread scratch for walking a <see cref="PatternIndex"/>: the live node set of the current and next
/// digit, so a walk allocates nothing and concurrent analyses never share state.
/// </summary>
internal sealed class TrieWalk
{
    [ThreadStatic] private static TrieWalk? s_current;

    private int[] _live = new int[64];
    private int[] _next = new int[64];
    private int _liveCount;
    private int _nextCount;
    private int _visited;

    public static TrieWalk ForCurrentThread() => s_current ??= new TrieWalk();

    /// <summary>Index nodes entered by the last walk on this thread: the work a walk did, independent of machine load.</summary>
    public static int LastVisitedNodes => s_current?._visited ?? 0;

    public ReadOnlySpan<int> Live => _live.AsSpan(0, _liveCount);

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
        if (mayRepeat && _next.AsSpan(0, _nextCount).Contains(id)) return false;
        Add(id);
        return true;
    }

    /// <summary>Adds a position that cannot already be in the next live set (it does not loop).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(int id)
    {
        if (_nextCount == _next.Length) Grow();
        _next[_nextCount++] = id;
        // A step along a chain stays in the node already read: count only nodes entered.
        if (id >>> PatternIndex.DepthShift == 0) _visited++;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow() => Array.Resize(ref _next, _next.Length * 2);

    public void EndStep()
    {
        (_live, _next) = (_next, _live);
        _liveCount = _nextCount;
        _nextCount = 0;
    }

    /// <summary>Keeps only the live positions where entries end, and returns them.</summary>
    public ReadOnlySpan<int> CollectEnds(PatternIndex index)
    {
        int count = 0;
        for (int i = 0; i < _liveCount; i++)
        {
            if (index.EndsAt(_live[i])) _live[count++] = _live[i];
        }
        _liveCount = 0;
        return _live.AsSpan(0, count);
    }
}
