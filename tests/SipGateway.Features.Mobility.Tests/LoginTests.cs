using System.Text.Json.Nodes;
using SipGateway.Routing;

namespace SipGateway.Features.Mobility.Tests;

/// <summary>Logins and logouts: every error code, the three multiple-login behaviours, and the lines a phone takes.</summary>
public class LoginTests
{
    private const string P1 = MobilityHarness.Phone1, P2 = MobilityHarness.Phone2;

    private static void AssertError(MobilityError expected, MobilityResult result)
    {
        Assert.Equal("Error", result.Result);
        Assert.Equal(expected, result.Error);
    }

    [Fact]
    public void Device_name_empty_is_207() 
    {
        using var h = new MobilityHarness();
        AssertError(MobilityError.DeviceNameEmpty, h.Login("", "alice", "12345"));
        AssertError(MobilityError.DeviceNameEmpty, h.Em.Logout(null));
        Assert.Equal((207, "Device Name Empty"), (MobilityError.DeviceNameEmpty.Code, MobilityError.DeviceNameEmpty.Text));
    }

    [Fact]
    public void A_phone_without_extension_mobility_is_22_and_an_unknown_one_11()
    {
        using var h = new MobilityHarness();
        AssertError(MobilityError.DevLogonDisabled, h.Login(MobilityHarness.PhoneWithoutMobility, "alice", "12345"));
        Assert.Equal((22, "Dev Logon Disabled"), (MobilityError.DevLogonDisabled.Code, MobilityError.DevLogonDisabled.Text));
        AssertError(MobilityError.DeviceDoesNotExist, h.Login("SEPFFFFFFFFFFFF", "alice", "12345"));
    }

    [Theory]
    [InlineData("", "12345")]
    [InlineData("alice", "")]
    [InlineData(null, "12345")]
    [InlineData("alice", null)]
    [InlineData("   ", "12345")]
    public void Blank_user_id_or_pin_is_202(string? user, string? pin)
    {
        using var h = new MobilityHarness();
        AssertError(MobilityError.BlankUserIdOrPin, h.Em.Login(P1, new LoginCredentials(LoginType.UID, user, pin)));
        Assert.Equal((202, "Blank User ID or PIN"), (MobilityError.BlankUserIdOrPin.Code, MobilityError.BlankUserIdOrPin.Text));
    }

    [Fact]
    public void A_wrong_pin_an_unknown_user_and_a_user_without_mobility_are_all_201()
    {
        using var h = new MobilityHarness();
        AssertError(MobilityError.AuthenticationError, h.Login(P1, "alice", "99999"));
        AssertError(MobilityError.AuthenticationError, h.Login(P1, "mallory", "12345"));
        AssertError(MobilityError.AuthenticationError, h.Login(P1, "carol", "12345"));
        Assert.Equal((201, "Authentication Error"), (MobilityError.AuthenticationError.Code, MobilityError.AuthenticationError.Text));
        Assert.Empty(h.Em.Logins());
        Assert.Equal(3, h.Em.Stats().FailedLogins);
    }

    [Fact]
    public void A_profile_that_is_not_the_users_is_205()
    {
        using var h = new MobilityHarness();
        var r = h.Login(P1, "alice", "12345", profile: "UDP_bob");
        AssertError(MobilityError.UserProfileAbsent, r);
        Assert.Equal((205, "User Profile Absent"), (MobilityError.UserProfileAbsent.Code, MobilityError.UserProfileAbsent.Text));
        Assert.Equal("LoggedIn", h.Login(P1, "alice", "12345", profile: "UDP_alice_alt").Result);
        Assert.Equal("UDP_alice_alt", h.Em.LoginOf(P1)!.Profile);
    }

    [Fact]
    public void Login_by_primary_extension_with_login_type_dn()
    {
        using var h = new MobilityHarness();
        var r = h.Em.Login(P1, new LoginCredentials(LoginType.DN, "2000", "12345"));
        Assert.Equal(("LoggedIn", "alice", "UDP_alice"), (r.Result, r.User, r.Profile));
        AssertError(MobilityError.AuthenticationError, h.Em.Login(P2, new LoginCredentials(LoginType.DN, "bob", "54321")));
        Assert.Equal("LoggedIn", h.Em.Login(P2, new LoginCredentials(LoginType.SP, "bob", "54321")).Result);
    }

    [Fact]
    public void Another_user_on_the_phone_is_18_and_the_same_user_again_is_fine()
    {
        using var h = new MobilityHarness();
        Assert.Equal("LoggedIn", h.Login(P1, "alice", "12345").Result);
        AssertError(MobilityError.AnotherUserLoggedIn, h.Login(P1, "bob", "54321"));
        Assert.Equal("LoggedIn", h.Login(P1, "alice", "12345").Result);
        Assert.Single(h.Em.Logins());
    }

    [Fact]
    public void Logout_with_nobody_logged_in_is_19()
    {
        using var h = new MobilityHarness();
        AssertError(MobilityError.NoUserLoggedIn, h.Em.Logout(P1));
    }

    [Fact]
    public void Multiple_logins_not_allowed_is_25()
    {
        using var h = new MobilityHarness(new JsonObject { ["MultipleLoginBehavior"] = "MultipleLoginsNotAllowed" });
        Assert.Equal("LoggedIn", h.Login(P1, "alice", "12345").Result);
        var r = h.Login(P2, "alice", "12345");
        AssertError(MobilityError.UserLoggedInElsewhere, r);
        Assert.Equal((25, "User Logged in Elsewhere"), (MobilityError.UserLoggedInElsewhere.Code, MobilityError.UserLoggedInElsewhere.Text));
        Assert.Contains(P1, r.Detail);
        Assert.Equal([P1], h.Em.Logins().Select(l => l.Device));
    }

    [Fact]
    public void Multiple_logins_allowed_puts_the_users_line_on_both_phones()
    {
        using var h = new MobilityHarness(new JsonObject { ["MultipleLoginBehavior"] = "MultipleLoginsAllowed" });
        Assert.Equal("LoggedIn", h.Login(P1, "alice", "12345").Result);
        Assert.Equal("LoggedIn", h.Login(P2, "alice", "12345").Result);
        Assert.Equal([P1, P2], h.Em.Logins().Select(l => l.Device).Order());
        var dn = h.Switch.CurrentDialPlan.DirectoryNumbers.Single(d => d.Dn == "2000");
        Assert.Equal([P1, P2], dn.Devices.Order());
    }

    [Fact]
    public void Auto_logout_moves_the_user_to_the_new_phone()
    {
        using var h = new MobilityHarness(new JsonObject { ["MultipleLoginBehavior"] = "AutoLogout" });
        Assert.Equal("LoggedIn", h.Login(P1, "alice", "12345").Result);
        Assert.Equal("LoggedIn", h.Login(P2, "alice", "12345").Result);
        Assert.Equal([P2], h.Em.Logins().Select(l => l.Device));
        var plan = h.Switch.CurrentDialPlan;
        Assert.Equal([P2], plan.DirectoryNumbers.Single(d => d.Dn == "2000").Devices);
        Assert.Equal("1001", plan.Devices[P1].Lines.Single().DirectoryNumber.Dn); // P1 is back on its logout line
    }

    [Fact]
    public void A_login_replaces_the_phones_lines_with_the_profiles_and_a_logout_restores_them()
    {
        using var h = new MobilityHarness();
        Assert.DoesNotContain(h.Switch.CurrentDialPlan.DirectoryNumbers, d => d.Dn == "2000");
        h.Login(P1, "alice", "12345");
        var plan = h.Switch.CurrentDialPlan;
        Assert.Equal(["2000"], plan.Devices[P1].Lines.Select(l => l.DirectoryNumber.Dn));
        Assert.DoesNotContain(plan.DirectoryNumbers, d => d.Dn == "1001");
        var analysis = new DigitAnalysis(plan);
        // A call to the user's DN reaches the phone.
        var toUser = analysis.Analyze(plan.CallerFromDevice(P2), "2000");
        Assert.Equal(RoutingResult.DirectoryNumber, toUser.Result);
        Assert.Equal([P1], toUser.DirectoryNumber!.Devices);
        // The phone's calls search the profile line CSS (CSS_Internal) and then the phone's device CSS (CSS_National):
        // 9911 lives in PT_PSTN, reachable only through the device CSS.
        var caller = plan.CallerFromDevice(P1);
        Assert.Equal("2000", caller.CallingNumber);
        Assert.Equal(RoutingResult.Block, analysis.Analyze(caller, "9911").Result);

        h.Em.Logout(P1);
        plan = h.Switch.CurrentDialPlan;
        Assert.Equal(["1001"], plan.Devices[P1].Lines.Select(l => l.DirectoryNumber.Dn));
        Assert.Equal(RoutingResult.Unallocated, new DigitAnalysis(plan).Analyze(plan.CallerFromDevice(P2), "2000").Result);
    }

    [Fact]
    public void The_line_rules_follow_the_profile()
    {
        using var h = new MobilityHarness();
        Assert.Null(h.Switch.Lines.Get("2000"));
        h.Login(P1, "alice", "12345");
        var rules = h.Switch.Lines.Get("2000")!;
        Assert.Equal(1, rules.BusyTrigger);
        Assert.Equal("1002", rules.ForwardBusy!.Destination);
        Assert.NotNull(h.Switch.Lines.Get("1002")); // the other phone's line keeps its rules
        h.Em.Logout(P1);
        h.Login(P1, "alice", "12345", "UDP_alice_alt");
        Assert.True(h.Switch.Lines.Get("2100")!.DoNotDisturb);
        Assert.Null(h.Switch.Lines.Get("2000"));
    }

    [Fact]
    public void Line_rules_replaced_keep_the_calls_lines_carry()
    {
        var lines = new SipGateway.Calls.Lines.LineDirectory([new SipGateway.Calls.Lines.LineRules { Dn = "2000", BusyTrigger = 1 }]);
        Assert.True(lines.TryOccupy("2000", 1));
        lines.ReplaceRules([new SipGateway.Calls.Lines.LineRules { Dn = "2000", BusyTrigger = 2 }]);
        Assert.Equal(1, lines.ActiveCalls("2000"));
        Assert.Equal(2, lines.Get("2000")!.BusyTrigger);
    }

    [Fact]
    public async Task Concurrent_logins_share_rebuilds_and_all_take_effect()
    {
        using var h = new MobilityHarness(new JsonObject { ["MultipleLoginBehavior"] = "MultipleLoginsAllowed" });
        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            var device = i % 2 == 0 ? P1 : P2;
            await h.Em.LoginAsync(device, new LoginCredentials(LoginType.UID, "alice", "12345"));
            await h.Em.LogoutAsync(device);
        })));
        // Whatever order the threads ran in, the plan in force is the one for the logins left: none.
        Assert.Empty(h.Em.Logins());
        Assert.DoesNotContain(h.Switch.CurrentDialPlan.DirectoryNumbers, d => d.Dn == "2000");
        h.Login(P1, "alice", "12345");
        Assert.Equal([P1], h.Switch.CurrentDialPlan.DirectoryNumbers.Single(d => d.Dn == "2000").Devices);
    }
}
