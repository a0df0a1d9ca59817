using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using SipGateway.Sip.Security;

namespace SipGateway.Sip.Auth.Tests;

public class DigestLockoutTests
{
    private static readonly IPAddress Attacker = IPAddress.Parse("198.51.100.7");
    private static readonly IPAddress Phone = IPAddress.Parse("192.0.2.10");
    private static readonly Func<string, IPAddress, bool> NotRegistered = (_, _) => false;

    private readonly FakeTimeProvider _time = new();
    private readonly ListLogger _log = new();

    private DigestLockout Create(DigestLockoutOptions? options = null) =>
        new(options ?? new DigestLockoutOptions { MaxFailures = 5, Window = TimeSpan.FromSeconds(300), Lockout = TimeSpan.FromSeconds(900) }, _time, _log);

    [Fact]
    public void Source_is_locked_at_the_fifth_failure_in_the_window_and_not_before()
    {
        var lockout = Create();
        for (int i = 0; i < 4; i++)
        {
            Assert.False(lockout.RecordFailure(Attacker, "user" + i));
            Assert.False(lockout.IsSourceLocked(Attacker));
        }
        Assert.True(lockout.RecordFailure(Attacker, "user4"));
        Assert.True(lockout.IsSourceLocked(Attacker));
        Assert.False(lockout.IsSourceLocked(Phone));
        Assert.Single(_log.Lines, l => l.Contains("source 198.51.100.7 locked out for 900 s after 5 failed"));
    }

    [Fact]
    public void Failures_further_apart_than_the_window_do_not_add_up()
    {
        var lockout = Create();
        for (int i = 0; i < 12; i++)
        {
            lockout.RecordFailure(Attacker, "1000");
            if (i % 4 == 3) _time.Advance(TimeSpan.FromSeconds(301));
        }
        Assert.False(lockout.IsSourceLocked(Attacker));
        Assert.False(lockout.IsUserLocked("1000", Attacker, NotRegistered));
    }

    [Fact]
    public void Lockout_ends_after_its_duration_and_counting_starts_again()
    {
        var lockout = Create();
        for (int i = 0; i < 5; i++) lockout.RecordFailure(Attacker, "1000");
        _time.Advance(TimeSpan.FromSeconds(899));
        Assert.True(lockout.IsSourceLocked(Attacker));
        Assert.True(lockout.IsUserLocked("1000", Attacker, NotRegistered));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.False(lockout.IsSourceLocked(Attacker));
        Assert.False(lockout.IsUserLocked("1000", Attacker, NotRegistered));
        Assert.False(lockout.RecordFailure(Attacker, "1000")); // one new failure, not a sixth
        Assert.False(lockout.IsSourceLocked(Attacker));
    }

    [Fact]
    public void A_locked_user_is_refused_everywhere_except_from_its_registration_source()
    {
        var lockout = Create();
        var sources = Enumerable.Range(1, 5).Select(i => IPAddress.Parse($"198.51.100.{i}")).ToList();
        foreach (var s in sources) lockout.RecordFailure(s, "1000"); // one failure per source: no source is locked
        Assert.All(sources, s => Assert.False(lockout.IsSourceLocked(s)));
        Func<string, IPAddress, bool> registered = (user, from) => user == "1000" && from.Equals(Phone);
        Assert.True(lockout.IsUserLocked("1000", IPAddress.Parse("203.0.113.1"), registered));
        Assert.False(lockout.IsUserLocked("1000", Phone, registered));
        Assert.False(lockout.IsUserLocked("1001", IPAddress.Parse("203.0.113.1"), registered));
    }

    [Fact]
    public void Unknown_users_count_and_lock_exactly_like_known_ones()
    {
        var lockout = Create();
        for (int i = 0; i < 5; i++) lockout.RecordFailure(IPAddress.Parse($"198.51.100.{i + 1}"), "nosuchuser");
        Assert.True(lockout.IsUserLocked("nosuchuser", Attacker, NotRegistered));
    }

    [Fact]
    public void Trusted_sources_are_never_locked_but_their_failures_count_against_the_user()
    {
        var trusted = new SourceAddressSet([IPNetwork.Parse("198.51.100.0/24")]);
        var lockout = Create(new DigestLockoutOptions { MaxFailures = 3, Exempt = trusted });
        for (int i = 0; i < 10; i++) lockout.RecordFailure(Attacker, "1000");
        Assert.False(lockout.IsSourceLocked(Attacker));
        Assert.True(lockout.IsUserLocked("1000", Attacker, NotRegistered));
        Assert.Equal(0, lockout.Tracked.Sources);
    }

    [Fact]
    public void A_success_clears_the_users_failures_but_not_a_lockout_in_force()
    {
        var lockout = Create();
        for (int i = 0; i < 4; i++) lockout.RecordFailure(IPAddress.Parse($"198.51.100.{i + 1}"), "1000");
        lockout.RecordSuccess("1000");
        Assert.False(lockout.RecordFailure(IPAddress.Parse("198.51.100.9"), "1000"));
        Assert.False(lockout.IsUserLocked("1000", Attacker, NotRegistered));
        for (int i = 0; i < 4; i++) lockout.RecordFailure(IPAddress.Parse($"198.51.100.{i + 20}"), "1000");
        Assert.True(lockout.IsUserLocked("1000", Attacker, NotRegistered));
        lockout.RecordSuccess("1000");
        Assert.True(lockout.IsUserLocked("1000", Attacker, NotRegistered));
    }

    [Fact]
    public void A_flood_of_random_users_does_not_push_out_a_failing_or_locked_user()
    {
        var lockout = Create(new DigestLockoutOptions { MaxFailures = 5, MaxTracked = 64 });
        for (int i = 0; i < 5; i++) lockout.RecordFailure(IPAddress.Parse($"198.51.100.{i + 1}"), "locked");
        for (int i = 0; i < 4; i++) lockout.RecordFailure(IPAddress.Parse($"198.51.100.{i + 1}"), "1000");
        // 3,000 failures on random user IDs from many addresses (the EM PIN cache bypass).
        for (int i = 0; i < 3000; i++)
            lockout.RecordFailure(new IPAddress(new byte[] { 10, (byte)(i >> 16), (byte)(i >> 8), (byte)i }), "random" + i);
        Assert.InRange(lockout.Tracked.Users, 1, 64 + 4);
        Assert.InRange(lockout.Tracked.Sources, 1, 64 + 4);
        Assert.True(lockout.IsUserLocked("locked", Attacker, NotRegistered));
        Assert.True(lockout.RecordFailure(Attacker, "1000")); // its fifth failure: the four before were kept
        Assert.True(lockout.IsUserLocked("1000", Phone, NotRegistered));
    }

    [Fact]
    public void Refused_requests_are_summarised_once_a_minute_not_logged_one_by_one()
    {
        var lockout = Create();
        for (int i = 0; i < 5; i++) lockout.RecordFailure(Attacker, "1000");
        int before = _log.Lines.Count;
        for (int i = 0; i < 10_000; i++)
        {
            Assert.True(lockout.IsSourceLocked(Attacker));
            if (i % 100 == 0) _time.Advance(TimeSpan.FromSeconds(1)); // 100 s in all
        }
        var summaries = _log.Lines.Skip(before).ToList();
        Assert.InRange(summaries.Count, 1, 2);
        Assert.Contains("refused", summaries[0]);
        Assert.Contains("198.51.100.7", summaries[0]);
    }

    [Fact]
    public void Bad_options_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Create(new DigestLockoutOptions { MaxFailures = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Create(new DigestLockoutOptions { Lockout = TimeSpan.Zero }));
    }

    private sealed class ListLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Lines) Lines.Add(formatter(state, exception));
        }
    }
}
