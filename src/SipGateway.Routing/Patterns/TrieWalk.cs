namespace SipGateway.Routing;

/// <summary>
/// Per-thread scratch for walking the <see cref="PatternTrie"/>: the live node set and a visited stamp per
/// node, so a walk allocates nothing and concurrent analyses never share state.
/// </summary>
internal sealed class TrieWalk
{
    [ThreadStatic] private static TrieWalk? s_current;

    private int[] _stamps = [];
    private int _generation;
    private PatternTrieNode[] _live = new PatternTrieNode[64];
    private PatternTrieNode[] _next = new PatternTrieNode[64];
    private int _liveCount;
    private int _nextCount;

    public static TrieWalk ForCurrentThread(int nodeCount)
    {
        var walk = s_current ??= new TrieWalk();
        if (walk._stamps.Length < nodeCount)
        {
            walk._stamps = new int[nodeCount];
            walk._generation = 0;
        }
        return walk;
    }

    public void Start(PatternTrieNode root)
    {
        NextGeneration();
        _nextCount = 0;
        AddWithRepeats(root);
        SwapSets();
    }

    /// <summary>Consumes one symbol; false when no pattern can match any more.</summary>
    public bool Step(int symbol)
    {
        NextGeneration();
        _nextCount = 0;
        for (int i = 0; i < _liveCount; i++)
        {
            var node = _live[i];
            var child = node.Literal?[symbol];
            if (child is not null) AddWithRepeats(child);
            foreach (var edge in node.Classes)
            {
                if (DialedSymbol.Contains(edge.Mask, symbol)) AddWithRepeats(edge.Child);
            }
            if (DialedSymbol.Contains(node.LoopMask, symbol)) AddWithRepeats(node);
        }
        SwapSets();
        return _liveCount > 0;
    }

    public void CollectTerminals(List<DialPlanEntry> matches)
    {
        for (int i = 0; i < _liveCount; i++)
        {
            var terminals = _live[i].Terminals;
            if (terminals is not null) matches.AddRange(terminals);
        }
        Array.Clear(_live, 0, _liveCount);
        _liveCount = 0;
    }

    // A repeating element may match zero times: reaching a node also reaches its repeat children.
    private void AddWithRepeats(PatternTrieNode node)
    {
        if (_stamps[node.Id] == _generation) return;
        _stamps[node.Id] = _generation;
        if (_nextCount == _next.Length) Array.Resize(ref _next, _next.Length * 2);
        _next[_nextCount++] = node;
        foreach (var edge in node.Repeats) AddWithRepeats(edge.Child);
    }

    private void SwapSets()
    {
        (_live, _next) = (_next, _live);
        _liveCount = _nextCount;
        _nextCount = 0;
    }

    private void NextGeneration()
    {
        if (++_generation == int.MaxValue)
        {
            Array.Clear(_stamps);
            _generation = 1;
        }
    }
}
