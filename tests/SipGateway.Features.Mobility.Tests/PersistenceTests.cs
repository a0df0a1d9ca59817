using System.Text.Json.Nodes;

namespace SipGateway.Features.Mobility.Tests;

/// <summary>Logins, changed PINs and last users live in SQLite and survive a restart; a failing database is error 6.</summary>
public class PersistenceTests
{
    private const string P1 = MobilityHarness.Phone1, P2 = MobilityHarness.Phone2;

    [Fact]
    public void Logins_survive_a_restart_and_take_effect_at_once()
    {
        using var before = new MobilityHarness();
        before.Login(P1, "alice", "12345");
        before.Login(P2, "bob", "54321");
        before.Em.Logout(P2);
        using var after = before.Restart();
        var login = Assert.Single(after.Em.Logins());
        Assert.Equal((P1, "alice", "UDP_alice"), (login.Device, login.UserId, login.Profile));
        Assert.Equal(before.Em.Logins().Single().LoginTime, login.LoginTime);
        Assert.Equal([P1], after.Switch.CurrentDialPlan.DirectoryNumbers.Single(d => d.Dn == "2000").Devices);
        Assert.Equal("bob", after.Em.LastUser(P2));
    }

    [Fact]
    public void A_changed_pin_survives_a_restart_and_is_not_stored_in_clear()
    {
        using var before = new MobilityHarness();
        Assert.True(before.Em.ChangePin(P1, "alice", "12345", "86420").Succeeded);
        using var after = before.Restart();
        Assert.Equal(MobilityError.AuthenticationError, after.Login(P1, "alice", "12345").Error);
        Assert.Equal("LoggedIn", after.Login(P1, "alice", "86420").Result);
        using var c = after.Database.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT hash FROM em_pin WHERE user_id = 'alice'";
        var hash = (byte[])cmd.ExecuteScalar()!;
        Assert.Equal(32, hash.Length);
        Assert.DoesNotContain("86420", System.Text.Encoding.UTF8.GetString(hash));
    }

    [Fact]
    public void A_login_whose_profile_left_the_config_is_dropped_at_start()
    {
        using var before = new MobilityHarness();
        before.Login(P1, "alice", "12345", "UDP_alice_alt");
        before.Em.Dispose();
        using var after = new MobilityHarness(dataDir: before.DataDir, clock: before.Clock,
            edit: c => c["Users"]!["alice"]!["DeviceProfiles"] = new JsonArray("UDP_alice"));
        Assert.Empty(after.Em.Logins());
    }

    [Fact]
    public void A_database_that_cannot_be_written_is_error_6()
    {
        using var h = new MobilityHarness();
        using (var c = h.Database.Connect())
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "DROP TABLE em_login";
            cmd.ExecuteNonQuery();
        }
        var r = h.Login(P1, "alice", "12345");
        Assert.Equal(MobilityError.DatabaseError, r.Error);
        Assert.Equal((6, "Database Error"), (r.Error!.Code, r.Error.Text));
        Assert.Empty(h.Em.Logins()); // nothing half-done: the phone keeps its own lines
        Assert.DoesNotContain(h.Switch.CurrentDialPlan.DirectoryNumbers, d => d.Dn == "2000");
        var json = h.Json("POST", $"device={P1}", """{"userId":"alice","pin":"12345"}""");
        Assert.Equal(500, (int)json["httpStatus"]!);
    }
}
