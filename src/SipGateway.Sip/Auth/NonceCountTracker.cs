namespace SipGateway.Sip.Auth;

public enum NonceCountResult
{
    /// <summary>The nc is higher than any seen for this nonce; it is now recorded.</summary>
    Accepted,
    /// <summary>The nc is not higher than one already seen: a replay (RFC 7616 §3.4, §5.4).</summary>
    Replayed,
    /// <summary>The nonce's record was evicted to bound memory; the client must take a fresh nonce.</summary>
    Forgotten,
}

/// <summary>
/// Remembers the highest nonce count seen per nonce so a request cannot be replayed (RFC 7616 §3.4: the server
/// checks nc increases). Memory is bounded: at most <see cref="Capacity"/> nonces; records of expired nonces are
/// dropped first; when a live record must be evicted, every nonce issued at or before it is refused from then on
/// (<see cref="NonceCountResult.Forgotten"/>), so eviction can never reopen a replay. Thread-safe.
/// </summary>
public sealed class NonceCountTracker
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _order = new();
    private TimeSpan _floor = TimeSpan.MinValue;

    private sealed class Entry
    {
        public uint Highest;
        public TimeSpan IssuedAt;
        public required LinkedListNode<string> Node;
    }

    public NonceCountTracker(int capacity = 10_000)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity));
        Capacity = capacity;
    }

    public int Capacity { get; }

    public int Count { get { lock (_gate) return _entries.Count; } }

    /// <param name="nonce">The nonce, already checked as valid.</param>
    /// <param name="issuedAt">Its issue time (from <see cref="NonceIssuer.Check"/>).</param>
    /// <param name="nonceCount">The nc of the request.</param>
    /// <param name="expiredBefore">Nonces issued before this are expired anyway; their records may go.</param>
    public NonceCountResult TryAdvance(string nonce, TimeSpan issuedAt, uint nonceCount, TimeSpan expiredBefore)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(nonce, out var entry))
            {
                if (nonceCount <= entry.Highest) return NonceCountResult.Replayed;
                entry.Highest = nonceCount;
                return NonceCountResult.Accepted;
            }
            if (issuedAt <= _floor) return NonceCountResult.Forgotten;
            // nc starts at 1 (RFC 7616 §3.4); 0 can only be a forged or broken count.
            if (nonceCount == 0) return NonceCountResult.Replayed;

            DropExpired(expiredBefore);
            while (_entries.Count >= Capacity)
            {
                var oldest = _order.First!.Value;
                var evicted = _entries[oldest];
                if (evicted.IssuedAt > _floor) _floor = evicted.IssuedAt;
                Remove(oldest);
            }
            _entries[nonce] = new Entry { Highest = nonceCount, IssuedAt = issuedAt, Node = _order.AddLast(nonce) };
            return NonceCountResult.Accepted;
        }
    }

    private void DropExpired(TimeSpan expiredBefore)
    {
        // Records are in first-use order, which roughly follows issue order; scanning from the front stops at the
        // first live one, so the cost is proportional to what is dropped.
        while (_order.First is { } first && _entries[first.Value].IssuedAt < expiredBefore) Remove(first.Value);
    }

    private void Remove(string nonce)
    {
        var e = _entries[nonce];
        _order.Remove(e.Node);
        _entries.Remove(nonce);
    }
}
