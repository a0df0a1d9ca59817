using System.Text.Json.Nodes;

namespace SipGateway.Features.Mobility.Tests;

/// <summary>EnforceMaximumLoginTime + MaximumLoginTime with an injected clock, across restarts too.</summary>
public class MaximumLoginTimeTests
{
    private const string P1 = MobilityHarness.Phone1;
    private static JsonObject Enforced(string time = "1:00") => new() { ["EnforceMaximumLoginTime"] = true, ["MaximumLoginTime"] = time };

    [Fact]
    public void The_login_ends_when_the_maximum_login_time_runs_out()
    {
        using var h = new MobilityHarness(Enforced("1:00"));
        var start = h.Clock.GetUtcNow();
        h.Login(P1, "alice", "12345");
        Assert.Equal(start + TimeSpan.FromHours(1), h.Em.LoginOf(P1)!.ExpiresAt);
        h.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.NotNull(h.Em.LoginOf(P1));
        h.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(h.Em.LoginOf(P1));
        Assert.Equal(1, h.Em.Stats().AutoLogouts);
        Assert.Equal(["1001"], h.Switch.CurrentDialPlan.Devices[P1].Lines.Select(l => l.DirectoryNumber.Dn));
    }

    [Fact]
    public void Without_enforcement_a_login_never_expires()
    {
        using var h = new MobilityHarness(new JsonObject { ["MaximumLoginTime"] = "0:01" });
        h.Login(P1, "alice", "12345");
        Assert.Null(h.Em.LoginOf(P1)!.ExpiresAt);
        Assert.Equal(0, h.Clock.PendingTimers);
        h.Clock.Advance(TimeSpan.FromDays(30));
        Assert.NotNull(h.Em.LoginOf(P1));
    }

    [Fact]
    public void An_old_timer_does_not_end_a_newer_login()
    {
        using var h = new MobilityHarness(Enforced("0:10"));
        h.Login(P1, "alice", "12345");
        h.Clock.Advance(TimeSpan.FromMinutes(5));
        h.Em.Logout(P1);
        h.Login(P1, "bob", "54321");
        h.Clock.Advance(TimeSpan.FromMinutes(6)); // alice's 10 minutes are over, bob's are not
        Assert.Equal("bob", h.Em.LoginOf(P1)!.UserId);
        h.Clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Null(h.Em.LoginOf(P1));
    }

    [Fact]
    public void The_auto_logout_still_fires_after_a_restart()
    {
        using var before = new MobilityHarness(Enforced("2:00"));
        before.Login(P1, "alice", "12345");
        before.Clock.Advance(TimeSpan.FromMinutes(90));
        using var after = before.Restart();
        Assert.Equal("alice", after.Em.LoginOf(P1)!.UserId);
        Assert.Contains(after.Switch.CurrentDialPlan.DirectoryNumbers, d => d.Dn == "2000");
        after.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.NotNull(after.Em.LoginOf(P1));
        after.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Null(after.Em.LoginOf(P1));
        Assert.DoesNotContain(after.Switch.CurrentDialPlan.DirectoryNumbers, d => d.Dn == "2000");
    }

    [Fact]
    public void A_login_that_expired_while_the_gateway_was_down_is_logged_out_at_start()
    {
        using var before = new MobilityHarness(Enforced("1:00"));
        before.Login(P1, "alice", "12345");
        before.Clock.Advance(TimeSpan.FromMinutes(10));
        before.Em.Dispose(); // stopped: its timers are gone
        before.Clock.Advance(TimeSpan.FromHours(3));
        using var after = before.Restart();
        Assert.Null(after.Em.LoginOf(P1));
        Assert.Equal(1, after.Em.Stats().AutoLogouts);
        using var third = after.Restart();
        Assert.Empty(third.Em.Logins()); // and it was removed from the database
    }

    [Fact]
    public void Turning_enforcement_on_limits_logins_made_before()
    {
        using var before = new MobilityHarness();
        before.Login(P1, "alice", "12345");
        before.Clock.Advance(TimeSpan.FromMinutes(30));
        using var after = before.Restart(Enforced("1:00"));
        Assert.Equal(before.Clock.GetUtcNow() + TimeSpan.FromMinutes(30), after.Em.LoginOf(P1)!.ExpiresAt);
        after.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Null(after.Em.LoginOf(P1));
    }
}
