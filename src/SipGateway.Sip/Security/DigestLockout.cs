using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace SipGateway.Sip.Security;

/// <summary>
/// SIP digest password-guessing lockout (issue 24): after <see cref="DigestLockoutOptions.MaxFailures"/> wrong answers
/// within the window, the source address is refused for the lockout time (trusted sources and trunks excepted), and so is
/// the user, from every source but the one its current registration came from (the real phone keeps working while an
/// attacker guesses its password elsewhere). Unknown user names count like known ones, so a lockout tells nothing about
/// which users exist.
/// The receive path only reads: a request from a source with no failure record costs one lock-free dictionary lookup.
/// Records exist only for failing or locked keys, each table bounded by <see cref="DigestLockoutOptions.MaxTracked"/>;
/// when full, records whose window and lockout have passed go first, then the least-failed, and a locked record only when
/// every record is locked (the EM PIN cache was emptied by 3,000 failures on random IDs: failures cannot push a locked
/// user out here).
/// </summary>
public sealed class DigestLockout
{
    private readonly DigestLockoutOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly long _windowTicks, _lockoutTicks, _summaryTicks;
    private readonly FailureTable<IPAddress> _sources = new(null);
    private readonly FailureTable<string> _users = new(StringComparer.Ordinal);
    private readonly Lock _evicting = new();

    public DigestLockout(DigestLockoutOptions options, TimeProvider time, ILogger? logger = null)
    {
        options.Validate();
        _options = options;
        _time = time;
        _log = logger ?? NullLogger.Instance;
        _windowTicks = Ticks(options.Window);
        _lockoutTicks = Ticks(options.Lockout);
        _summaryTicks = Ticks(TimeSpan.FromMinutes(1));
    }

    public DigestLockoutOptions Options => _options;

    /// <summary>Failure records held (sources, users): for tests and health.</summary>
    public (int Sources, int Users) Tracked => (_sources.Count, _users.Count);

    /// <summary>Whether requests from <paramref name="source"/> are refused now. Counts the refusal for the summary line.</summary>
    public bool IsSourceLocked(IPAddress source)
    {
        if (!_sources.Map.TryGetValue(Normal(source), out var record)) return false;
        return IsLockedNow(record, "source", source.ToString());
    }

    /// <summary>
    /// Whether <paramref name="user"/> is refused from <paramref name="source"/> now: a locked user is still let in from
    /// an address its current registration came from (<paramref name="registeredFrom"/>).
    /// </summary>
    public bool IsUserLocked(string user, IPAddress source, Func<string, IPAddress, bool> registeredFrom)
    {
        if (!_users.Map.TryGetValue(user, out var record)) return false;
        var now = _time.GetTimestamp();
        if (Volatile.Read(ref record.LockedUntil) <= now) return false;
        if (registeredFrom(user, Normal(source))) return false;
        return IsLockedNow(record, "user", user);
    }

    /// <summary>
    /// Counts a wrong digest answer from <paramref name="source"/> for <paramref name="user"/> (known or not). Returns true
    /// when it locked the source or the user.
    /// </summary>
    public bool RecordFailure(IPAddress source, string user)
    {
        source = Normal(source);
        bool locked = false;
        if (!_options.Exempt.Contains(source) && Count(_sources, source, out var sourceFailures))
        {
            locked = true;
            _log.LogWarning("Security: SIP source {Source} locked out for {Lockout} s after {Failures} failed digest authentications within {Window} s (last user '{User}'; Security:Auth)",
                source, (int)_options.Lockout.TotalSeconds, sourceFailures, (int)_options.Window.TotalSeconds, user);
        }
        if (Count(_users, user, out var userFailures))
        {
            locked = true;
            _log.LogWarning("Security: SIP user '{User}' locked out for {Lockout} s after {Failures} failed digest authentications within {Window} s (last from {Source}); its registered phone is not affected (Security:Auth)",
                user, (int)_options.Lockout.TotalSeconds, userFailures, (int)_options.Window.TotalSeconds, source);
        }
        return locked;
    }

    /// <summary>A correct answer: the user's failures so far no longer count (a lockout in force stays).</summary>
    public void RecordSuccess(string user)
    {
        if (!_users.Map.TryGetValue(user, out var record)) return;
        lock (record)
        {
            if (record.LockedUntil > _time.GetTimestamp()) return;
        }
        _users.Remove(user, record);
    }

    private bool IsLockedNow(FailureRecord record, string kind, string key)
    {
        var now = _time.GetTimestamp();
        if (Volatile.Read(ref record.LockedUntil) <= now) return false;
        var refused = Interlocked.Increment(ref record.Refused);
        // One summary line a minute per locked key, not one per packet.
        var last = Volatile.Read(ref record.LastSummary);
        if (now - last >= _summaryTicks && Interlocked.CompareExchange(ref record.LastSummary, now, last) == last)
        {
            Interlocked.Add(ref record.Refused, -refused);
            _log.LogWarning("Security: refused {Count} request(s) from locked-out {Kind} {Key} in the last minute", refused, kind, key);
        }
        return true;
    }

    /// <summary>Adds one failure to the key's record; true when this failure locked it.</summary>
    private bool Count<TKey>(FailureTable<TKey> table, TKey key, out int failures) where TKey : notnull
    {
        if (!table.Map.TryGetValue(key, out var record))
        {
            if (table.Count >= _options.MaxTracked) Evict(table);
            record = table.GetOrAdd(key);
        }
        var now = _time.GetTimestamp();
        lock (record)
        {
            failures = record.Failures;
            if (record.LockedUntil > now) return false;
            if (record.LockedUntil != 0 || record.Failures == 0 || now - record.WindowStart > _windowTicks)
            {
                record.LockedUntil = 0;
                record.Failures = 0;
                record.WindowStart = now;
            }
            failures = ++record.Failures;
            record.LastFailure = now;
            if (failures < _options.MaxFailures) return false;
            record.Refused = 0;
            record.LastSummary = now;
            Volatile.Write(ref record.LockedUntil, now + _lockoutTicks);
            return true;
        }
    }

    /// <summary>
    /// Brings a full table down to 90 % of its cap: records that no longer count first (window and lockout passed), then
    /// failing records with the fewest failures, oldest first; locked records last, soonest-ending first.
    /// </summary>
    private void Evict<TKey>(FailureTable<TKey> table) where TKey : notnull
    {
        if (!_evicting.TryEnter()) return; // another thread is at it; the cap may be passed by a few meanwhile
        try
        {
            if (table.Count < _options.MaxTracked) return;
            var now = _time.GetTimestamp();
            int target = _options.MaxTracked * 9 / 10;
            var live = new List<(TKey Key, FailureRecord Record, bool Locked, int Failures, long Order)>(table.Count);
            foreach (var (key, record) in table.Map)
            {
                bool locked, expired;
                int failures;
                long order;
                lock (record)
                {
                    locked = record.LockedUntil > now;
                    expired = !locked && now - record.WindowStart > _windowTicks;
                    failures = record.Failures;
                    order = locked ? record.LockedUntil : record.LastFailure;
                }
                if (expired) table.Remove(key, record);
                else live.Add((key, record, locked, failures, order));
            }
            int excess = table.Count - target;
            if (excess <= 0) return;
            live.Sort((a, b) => a.Locked != b.Locked ? a.Locked.CompareTo(b.Locked)
                : a.Failures != b.Failures ? a.Failures.CompareTo(b.Failures)
                : a.Order.CompareTo(b.Order));
            for (int i = 0; i < live.Count && excess > 0; i++)
                if (table.Remove(live[i].Key, live[i].Record)) excess--;
            _log.LogWarning("Security: digest failure table full ({Max}); dropped the least-failed records (Security:Auth)", _options.MaxTracked);
        }
        finally
        {
            _evicting.Exit();
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private static IPAddress Normal(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    /// <summary>
    /// A concurrent map with its own count: ConcurrentDictionary's Count and IsEmpty take every lock of the map, which
    /// the receive path must not do.
    /// </summary>
    private sealed class FailureTable<TKey>(IEqualityComparer<TKey>? comparer) where TKey : notnull
    {
        private int _count;

        public ConcurrentDictionary<TKey, FailureRecord> Map { get; } = new(comparer);

        public int Count => Volatile.Read(ref _count);

        public FailureRecord GetOrAdd(TKey key)
        {
            var fresh = new FailureRecord();
            var record = Map.GetOrAdd(key, fresh);
            if (ReferenceEquals(record, fresh)) Interlocked.Increment(ref _count);
            return record;
        }

        public bool Remove(TKey key, FailureRecord record)
        {
            if (!Map.TryRemove(new KeyValuePair<TKey, FailureRecord>(key, record))) return false;
            Interlocked.Decrement(ref _count);
            return true;
        }
    }

    private sealed class FailureRecord
    {
        public long WindowStart, LastFailure, LockedUntil, Refused, LastSummary;
        public int Failures;
    }
}
