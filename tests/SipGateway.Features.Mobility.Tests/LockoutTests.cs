using System.Text.Json.Nodes;

namespace SipGateway.Features.Mobility.Tests;

/// <summary>The lockout after repeated wrong PINs (LockoutFailedAttempts, LockoutDurationMinutes) and CacheSize bounding it.</summary>
public class LockoutTests
{
    private const string P1 = MobilityHarness.Phone1;

    [Fact]
    public void Wrong_pins_lock_the_user_out_for_the_configured_time()
    {
        using var h = new MobilityHarness(new JsonObject { ["LockoutFailedAttempts"] = 3, ["LockoutDurationMinutes"] = 10 });
        for (int i = 0; i < 3; i++) Assert.Equal(MobilityError.AuthenticationError, h.Login(P1, "alice", "00000").Error);
        // Now even the right PIN is refused.
        var locked = h.Login(P1, "alice", "12345");
        Assert.Equal(MobilityError.UserLockedOut, locked.Error);
        Assert.Equal(250, locked.Error!.Code);
        Assert.Equal(1, h.Em.Stats().Lockouts);
        // Other users are not affected.
        Assert.Equal("LoggedIn", h.Login(MobilityHarness.Phone2, "bob", "54321").Result);
        h.Clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(MobilityError.UserLockedOut, h.Login(P1, "alice", "12345").Error);
        h.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("LoggedIn", h.Login(P1, "alice", "12345").Result);
    }

    [Fact]
    public void A_lockout_survives_a_restart_and_still_ends_on_time()
    {
        var em = new JsonObject { ["LockoutFailedAttempts"] = 3, ["LockoutDurationMinutes"] = 10 };
        using var before = new MobilityHarness(em);
        for (int i = 0; i < 3; i++) before.Login(P1, "Alice", "00000");
        before.Clock.Advance(TimeSpan.FromMinutes(4));
        using var after = before.Restart();
        Assert.Equal(MobilityError.UserLockedOut, after.Login(P1, "alice", "12345").Error);
        after.Clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal("LoggedIn", after.Login(P1, "alice", "12345").Result);
    }

    [Fact]
    public void A_right_pin_resets_the_count()
    {
        using var h = new MobilityHarness(new JsonObject { ["LockoutFailedAttempts"] = 3 });
        h.Login(P1, "alice", "00000");
        h.Login(P1, "alice", "00000");
        Assert.Equal("LoggedIn", h.Login(P1, "alice", "12345").Result);
        h.Em.Logout(P1);
        h.Login(P1, "alice", "00000");
        h.Login(P1, "alice", "00000");
        Assert.Equal("LoggedIn", h.Login(P1, "alice", "12345").Result);
    }

    [Fact]
    public void Unknown_user_ids_lock_out_too_so_answers_do_not_reveal_which_exist()
    {
        using var h = new MobilityHarness(new JsonObject { ["LockoutFailedAttempts"] = 2 });
        h.Login(P1, "mallory", "1111");
        h.Login(P1, "mallory", "1111");
        Assert.Equal(MobilityError.UserLockedOut, h.Login(P1, "mallory", "1111").Error);
    }

    [Fact]
    public void Zero_attempts_turns_the_lockout_off()
    {
        using var h = new MobilityHarness(new JsonObject { ["LockoutFailedAttempts"] = 0 });
        for (int i = 0; i < 50; i++) h.Login(P1, "alice", "00000");
        Assert.Equal("LoggedIn", h.Login(P1, "alice", "12345").Result);
    }

    [Fact]
    public void Wrong_old_pins_on_the_change_credential_service_count_too()
    {
        using var h = new MobilityHarness(new JsonObject { ["LockoutFailedAttempts"] = 2 });
        Assert.Equal(MobilityError.AuthenticationError, h.Em.ChangePin(P1, "alice", "0000", "4444").Error);
        Assert.Equal(MobilityError.AuthenticationError, h.Em.ChangePin(P1, "alice", "0000", "4444").Error);
        Assert.Equal(MobilityError.UserLockedOut, h.Em.ChangePin(P1, "alice", "12345", "4444").Error);
        Assert.Equal(MobilityError.UserLockedOut, h.Login(P1, "alice", "12345").Error);
    }

    [Fact]
    public void The_cache_holds_at_most_cache_size_user_ids_dropping_the_oldest()
    {
        var clock = new ManualClock();
        var lockout = new LoginLockout(2, TimeSpan.FromMinutes(5), capacity: 1000, clock);
        lockout.RecordFailure("first");
        for (int i = 0; i < 1500; i++) lockout.RecordFailure("guess" + i);
        Assert.Equal(1000, lockout.Count);
        // "first" was evicted, so its next failure starts a new count and does not lock.
        Assert.False(lockout.RecordFailure("first"));
        Assert.True(lockout.RecordFailure("first"));
        Assert.True(lockout.IsLocked("first"));
    }
}
