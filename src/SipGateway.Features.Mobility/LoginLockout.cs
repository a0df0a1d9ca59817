namespace SipGateway.Features.Mobility;

/// <summary>
/// Locks a user ID out after a number of wrong PINs in a row, for a while (UCM has no such lock; a 4-digit PIN falls to
/// 10,000 guesses without one). Unknown user IDs are counted too, so the answer does not reveal which IDs exist. Holds
/// at most CacheSize user IDs: when full, the entry touched longest ago goes.
/// </summary>
public sealed class LoginLockout(int failedAttempts, TimeSpan duration, int capacity, TimeProvider clock)
{
    private sealed class Entry
    {
        public int Failures;
        public DateTimeOffset? LockedUntil;
        public long Touched;
    }

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.OrdinalIgnoreCase);
    private long _tick;

    public int Count
    {
        get { lock (_entries) return _entries.Count; }
    }

    /// <summary>Whether <paramref name="userId"/> is locked out now.</summary>
    public bool IsLocked(string userId)
    {
        if (failedAttempts == 0) return false;
        lock (_entries)
        {
            if (!_entries.TryGetValue(userId, out var e) || e.LockedUntil is not { } until) return false;
            if (clock.GetUtcNow() < until) return true;
            _entries.Remove(userId); // the lock ran out: start counting afresh
            return false;
        }
    }

    /// <summary>Until when <paramref name="userId"/> is locked out; null when it is not (or no longer).</summary>
    public DateTimeOffset? LockedUntil(string userId)
    {
        if (!IsLocked(userId)) return null;
        lock (_entries) return _entries.GetValueOrDefault(userId)?.LockedUntil;
    }

    /// <summary>Puts back a lock saved before a restart (the lock, not the count that led to it).</summary>
    public void Restore(string userId, DateTimeOffset until)
    {
        if (failedAttempts == 0) return;
        lock (_entries)
        {
            if (!_entries.ContainsKey(userId) && _entries.Count >= capacity) EvictOldest();
            _entries[userId] = new Entry { Failures = failedAttempts, LockedUntil = until, Touched = ++_tick };
        }
    }

    /// <summary>Counts a wrong PIN; true when this one locked the user ID.</summary>
    public bool RecordFailure(string userId)
    {
        if (failedAttempts == 0) return false;
        lock (_entries)
        {
            if (!_entries.TryGetValue(userId, out var e))
            {
                if (_entries.Count >= capacity) EvictOldest();
                _entries[userId] = e = new Entry();
            }
            e.Touched = ++_tick;
            e.Failures++;
            if (e.Failures < failedAttempts) return false;
            e.LockedUntil = clock.GetUtcNow() + duration;
            return true;
        }
    }

    public void RecordSuccess(string userId)
    {
        lock (_entries) _entries.Remove(userId);
    }

    private void EvictOldest()
    {
        string? oldest = null;
        long min = long.MaxValue;
        foreach (var (id, e) in _entries)
            if (e.Touched < min) (min, oldest) = (e.Touched, id);
        if (oldest is not null) _entries.Remove(oldest);
    }
}
