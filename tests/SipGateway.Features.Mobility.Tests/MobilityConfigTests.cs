using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using SipGateway.Configuration;
using SipGateway.Routing;

namespace SipGateway.Features.Mobility.Tests;

/// <summary>Every ExtensionMobility service parameter: its default, its accepted range, and the error a bad value gets.</summary>
public class MobilityConfigTests
{
    private static MobilityOptions Options(string json) =>
        MobilityConfigReader.ReadOptions(MobilityHarness.Read(new JsonObject { ["ExtensionMobility"] = JsonNode.Parse(json) }));

    private static MobilityConfigException Bad(string json) => Assert.Throws<MobilityConfigException>(() => Options(json));

    [Fact]
    public void Defaults_are_ucms()
    {
        var o = Options("{}");
        Assert.False(o.EnforceMaximumLoginTime);
        Assert.Equal(TimeSpan.FromHours(8), o.MaximumLoginTime);
        Assert.Equal(5, o.MaximumConcurrentRequests);
        Assert.Equal(MultipleLoginBehavior.MultipleLoginsNotAllowed, o.MultipleLoginBehavior);
        Assert.True(o.AlphanumericUserId);
        Assert.True(o.RememberLastUser);
        Assert.True(o.ClearCallLogs);
        Assert.False(o.ValidateIpAddress);
        Assert.Empty(o.TrustedIps);
        Assert.False(o.AllowProxy);
        Assert.Equal(10_000, o.CacheSize);
        Assert.Equal(5, o.LockoutFailedAttempts);
        Assert.Equal(TimeSpan.FromMinutes(15), o.LockoutDuration);
    }

    [Fact]
    public void Every_parameter_is_read()
    {
        var o = Options("""
            { "EnforceMaximumLoginTime": true, "MaximumLoginTime": "12:30", "MaximumConcurrentRequests": 50,
              "MultipleLoginBehavior": "AutoLogout", "AlphanumericUserId": false, "RememberLastUser": false, "ClearCallLogs": false,
              "ValidateIpAddress": true, "TrustedIps": ["127.0.0.5", "10.1.0.0/16"], "AllowProxy": true, "CacheSize": 20000,
              "LockoutFailedAttempts": 3, "LockoutDurationMinutes": 2 }
            """);
        Assert.True(o.EnforceMaximumLoginTime);
        Assert.Equal(new TimeSpan(12, 30, 0), o.MaximumLoginTime);
        Assert.Equal(50, o.MaximumConcurrentRequests);
        Assert.Equal(MultipleLoginBehavior.AutoLogout, o.MultipleLoginBehavior);
        Assert.False(o.AlphanumericUserId);
        Assert.False(o.RememberLastUser);
        Assert.False(o.ClearCallLogs);
        Assert.True(o.ValidateIpAddress);
        Assert.True(o.TrustedIps[0].Contains(IPAddress.Parse("127.0.0.5")));
        Assert.False(o.TrustedIps[0].Contains(IPAddress.Parse("127.0.0.6")));
        Assert.True(o.TrustedIps[1].Contains(IPAddress.Parse("10.1.200.3")));
        Assert.True(o.AllowProxy);
        Assert.Equal(20_000, o.CacheSize);
        Assert.Equal(3, o.LockoutFailedAttempts);
        Assert.Equal(TimeSpan.FromMinutes(2), o.LockoutDuration);
    }

    [Theory]
    [InlineData("MultipleLoginsAllowed", MultipleLoginBehavior.MultipleLoginsAllowed)]
    [InlineData("MultipleLoginsNotAllowed", MultipleLoginBehavior.MultipleLoginsNotAllowed)]
    [InlineData("AutoLogout", MultipleLoginBehavior.AutoLogout)]
    public void Multiple_login_behavior_takes_ucms_three_values(string text, MultipleLoginBehavior expected) =>
        Assert.Equal(expected, Options($$"""{ "MultipleLoginBehavior": "{{text}}" }""").MultipleLoginBehavior);

    [Theory]
    [InlineData("0:01", 1)]
    [InlineData("168:00", 168 * 60)]
    [InlineData("8:00", 480)]
    public void Maximum_login_time_accepts_0_01_to_168_00(string text, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), Options($$"""{ "MaximumLoginTime": "{{text}}" }""").MaximumLoginTime);

    [Theory]
    [InlineData("""{ "MaximumLoginTime": "0:00" }""", "ExtensionMobility:MaximumLoginTime", "0:01 to 168:00")]
    [InlineData("""{ "MaximumLoginTime": "168:01" }""", "ExtensionMobility:MaximumLoginTime", "0:01 to 168:00")]
    [InlineData("""{ "MaximumLoginTime": "8h" }""", "ExtensionMobility:MaximumLoginTime", "hours:minutes")]
    [InlineData("""{ "MaximumLoginTime": "1:75" }""", "ExtensionMobility:MaximumLoginTime", "hours:minutes")]
    [InlineData("""{ "MaximumConcurrentRequests": 0 }""", "ExtensionMobility:MaximumConcurrentRequests", "from 1 to 10,000")]
    [InlineData("""{ "MaximumConcurrentRequests": "many" }""", "ExtensionMobility:MaximumConcurrentRequests", "whole number")]
    [InlineData("""{ "MultipleLoginBehavior": "Sometimes" }""", "ExtensionMobility:MultipleLoginBehavior", "AutoLogout")]
    [InlineData("""{ "MultipleLoginBehavior": "2" }""", "ExtensionMobility:MultipleLoginBehavior", "AutoLogout")]
    [InlineData("""{ "CacheSize": 999 }""", "ExtensionMobility:CacheSize", "from 1,000 to 20,000")]
    [InlineData("""{ "CacheSize": 20001 }""", "ExtensionMobility:CacheSize", "from 1,000 to 20,000")]
    [InlineData("""{ "EnforceMaximumLoginTime": "yes" }""", "ExtensionMobility:EnforceMaximumLoginTime", "true or false")]
    [InlineData("""{ "AlphanumericUserId": "no" }""", "ExtensionMobility:AlphanumericUserId", "true or false")]
    [InlineData("""{ "RememberLastUser": 2 }""", "ExtensionMobility:RememberLastUser", "true or false")]
    [InlineData("""{ "ClearCallLogs": "maybe" }""", "ExtensionMobility:ClearCallLogs", "true or false")]
    [InlineData("""{ "ValidateIpAddress": "on" }""", "ExtensionMobility:ValidateIpAddress", "true or false")]
    [InlineData("""{ "AllowProxy": "off" }""", "ExtensionMobility:AllowProxy", "true or false")]
    [InlineData("""{ "TrustedIps": ["127.0.0.1", "phone.local"] }""", "ExtensionMobility:TrustedIps:1", "IP address")]
    [InlineData("""{ "TrustedIps": ["10.0.0.0/33"] }""", "ExtensionMobility:TrustedIps:0", "network")]
    [InlineData("""{ "LockoutFailedAttempts": 101 }""", "ExtensionMobility:LockoutFailedAttempts", "from 0 to 100")]
    [InlineData("""{ "LockoutDurationMinutes": 0 }""", "ExtensionMobility:LockoutDurationMinutes", "from 1 to 1,440")]
    [InlineData("""{ "MaxLoginTime": "1:00" }""", "ExtensionMobility:MaxLoginTime", "unknown Extension Mobility parameter")]
    public void A_bad_parameter_names_its_key_and_value(string json, string key, string reason)
    {
        var e = Bad(json);
        Assert.Equal(key, e.KeyPath);
        Assert.Contains(reason, e.Reason);
        Assert.Contains(key, e.Message);
    }

    private static MobilityConfigException BadDirectory(Action<JsonObject> edit, JsonObject? em = null) =>
        Assert.Throws<MobilityConfigException>(() => new MobilityHarness(em, edit: edit).Dispose());

    [Fact]
    public void A_mobility_user_needs_a_pin_of_4_to_16_digits()
    {
        var e = BadDirectory(c => c["Users"]!["bob"]!.AsObject().Remove("Pin"));
        Assert.Equal("Users:bob:Pin", e.KeyPath);
        e = BadDirectory(c => c["Users"]!["bob"]!["Pin"] = "12a4");
        Assert.Equal("Users:bob:Pin", e.KeyPath);
        Assert.Contains("4 to 16 digits", e.Reason);
        e = BadDirectory(c => c["Users"]!["bob"]!["Pin"] = "123");
        Assert.Equal("123", e.Value);
    }

    [Fact]
    public void A_users_profile_must_exist()
    {
        var e = BadDirectory(c => c["Users"]!["bob"]!["DeviceProfiles"] = new JsonArray("UDP_nobody"));
        Assert.Equal("Users:bob:DeviceProfiles:0", e.KeyPath);
        Assert.Equal("UDP_nobody", e.Value);
        e = BadDirectory(c => c["Users"]!["bob"]!.AsObject().Remove("DeviceProfiles"));
        Assert.Equal("Users:bob:DeviceProfiles", e.KeyPath);
    }

    [Fact]
    public void Primary_extensions_are_unique_for_login_by_dn()
    {
        var e = BadDirectory(c => c["Users"]!["bob"]!["PrimaryExtension"] = "2000");
        Assert.Equal("Users:bob:PrimaryExtension", e.KeyPath);
        Assert.Contains("alice", e.Reason);
    }

    [Fact]
    public void Profile_lines_name_existing_partitions_and_css()
    {
        var e = BadDirectory(c => c["DeviceProfiles"]!["UDP_bob"]!["Lines"]![0]!["Partition"] = "PT_Nowhere");
        Assert.Equal("DeviceProfiles:UDP_bob:Lines:0:Partition", e.KeyPath);
        e = BadDirectory(c => c["DeviceProfiles"]!["UDP_bob"]!["Lines"]![0]!["Css"] = "CSS_Nowhere");
        Assert.Equal("DeviceProfiles:UDP_bob:Lines:0:Css", e.KeyPath);
        e = BadDirectory(c => c["DeviceProfiles"]!["UDP_bob"]!["Lines"]![0]!["Dn"] = "20x1");
        Assert.Equal("DeviceProfiles:UDP_bob:Lines:0:Dn", e.KeyPath);
        e = BadDirectory(c => c["DeviceProfiles"]!["UDP_bob"]!["Lines"] = new JsonArray());
        Assert.Equal("DeviceProfiles:UDP_bob:Lines", e.KeyPath);
    }

    [Fact]
    public void Numeric_only_user_ids_are_checked_when_alphanumeric_ids_are_off()
    {
        var e = BadDirectory(_ => { }, new JsonObject { ["AlphanumericUserId"] = false });
        Assert.Equal("Users:alice", e.KeyPath);
        Assert.Contains("digits only", e.Reason);
    }

    [Fact]
    public void Users_without_mobility_need_none_of_its_keys()
    {
        using var h = new MobilityHarness();
        Assert.Null(h.Directory.User("carol"));
        Assert.NotNull(h.Directory.User("alice"));
        Assert.Equal("alice", h.Directory.UserByExtension("2000")!.UserId);
        Assert.Equal("Desk", h.Directory.Profile("UDP_alice")!.SpeedDials[0].Label);
        Assert.True(h.Directory.MobilityEnabled(MobilityHarness.Phone1));
        Assert.False(h.Directory.MobilityEnabled(MobilityHarness.PhoneWithoutMobility));
    }

    [Fact]
    public void Unbound_dial_plan_options_are_not_needed_to_read_options() =>
        Assert.Equal(5, MobilityConfigReader.ReadOptions(new ConfigurationBuilder().Build()).MaximumConcurrentRequests);

    [Fact]
    public void Profile_line_references_are_checked_against_the_dial_plan()
    {
        var root = MobilityHarness.Read(JsonNode.Parse(MobilityHarness.BaseConfig)!.AsObject());
        var empty = new DialPlanOptions();
        var e = Assert.Throws<MobilityConfigException>(() => MobilityConfigReader.ReadDirectory(root, new MobilityOptions(), empty));
        Assert.EndsWith(":Partition", e.KeyPath);
    }

    [Fact]
    public void A_profile_whose_lines_clash_with_the_dial_plan_is_refused_at_start_up()
    {
        using var good = new MobilityHarness();
        ProfileLineSwitch.CheckProfiles(good.Base, good.Directory, good.Directory.ProfileNames);
        // 9911 in PT_PSTN matches exactly what the route pattern 9.911 there matches.
        var clash = new MobilityHarness(edit: c =>
        {
            c["DeviceProfiles"]!["UDP_bob"]!["Lines"]![0]!["Dn"] = "9911";
            c["DeviceProfiles"]!["UDP_bob"]!["Lines"]![0]!["Partition"] = "PT_PSTN";
        });
        using (clash)
        {
            var e = Assert.Throws<MobilityConfigException>(() => ProfileLineSwitch.CheckProfiles(clash.Base, clash.Directory, clash.Directory.ProfileNames));
            Assert.Equal("DeviceProfiles:UDP_bob:Lines", e.KeyPath);
            Assert.Contains("duplicates '9.911'", e.Reason);
        }
    }
}
