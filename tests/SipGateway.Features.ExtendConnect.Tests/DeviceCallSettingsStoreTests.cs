using SipGateway.Calls.Lines;
using SipGateway.Features.ExtendConnect.Calls;
using SipGateway.Features.ExtendConnect.Events;
using SipGateway.Storage.Sqlite;

namespace SipGateway.Features.ExtendConnect.Tests;

/// <summary>CTI Call Forward All and Do Not Disturb written to SQLite and read back by a new gateway (a restart).</summary>
public class DeviceCallSettingsStoreTests
{
    private static DeviceCallSettings Open(ExtendConnectScenario rules) =>
        new(rules.Book, (_, d) => d.StartsWith('9') && d.Length == 5 ? null : "it matches nothing", new CtiEventHub(),
            SqliteStateDatabase.Open(rules.Directory).CtiDeviceCallSettings);

    [Fact]
    public void The_store_keeps_one_row_per_device_and_drops_it_when_nothing_is_set()
    {
        using var rules = new ExtendConnectScenario();
        var store = SqliteStateDatabase.Open(rules.Directory).CtiDeviceCallSettings;
        store.Save("CTRIDalice", "95555", false);
        store.Save("CTRIDbob", null, true);
        store.Save("CTRIDalice", "95556", true);
        Assert.Equal([("CTRIDalice", "95556", true), ("CTRIDbob", null, true)], store.All());
        store.Save("CTRIDbob", null, false);
        Assert.Equal([("CTRIDalice", "95556", true)], store.All());
    }

    [Fact]
    public void Forward_all_and_dnd_survive_a_restart_and_apply_to_the_device_lines()
    {
        using var rules = new ExtendConnectScenario();
        var before = Open(rules);
        before.SetForwardAll("CTRIDalice", true, "95555");
        before.SetDoNotDisturb("CTRIDbob", true);

        rules.Open(); // a new book over the same file, as at start-up
        var after = Open(rules);
        Assert.Equal("95555", after.ForwardAllOf("CTRIDalice"));
        Assert.True(after.DoNotDisturbOf("CTRIDbob"));
        Assert.False(after.DoNotDisturbOf("CTRIDalice"));
        // Read back, they act on the lines before any CTI request touches the device again.
        var lines = new LineDirectory([new LineRules { Dn = "2000" }, new LineRules { Dn = "2001" }]) { Overrides = after };
        Assert.Equal("95555", lines.Get("2000")!.ForwardAll!.Destination);
        Assert.True(lines.Get("2001")!.DoNotDisturb);

        after.SetForwardAll("CTRIDalice", false, null);
        after.SetDoNotDisturb("CTRIDbob", false);
        var third = Open(rules);
        Assert.Null(third.ForwardAllOf("CTRIDalice"));
        Assert.False(third.DoNotDisturbOf("CTRIDbob"));
        Assert.Empty(SqliteStateDatabase.Open(rules.Directory).CtiDeviceCallSettings.All());
    }

    [Fact]
    public void A_refused_setting_is_not_stored()
    {
        using var rules = new ExtendConnectScenario();
        var settings = Open(rules);
        Assert.Throws<Errors.CtiException>(() => settings.SetForwardAll("CTRIDalice", true, "12345"));
        Assert.Empty(SqliteStateDatabase.Open(rules.Directory).CtiDeviceCallSettings.All());
    }

    [Fact]
    public void A_stored_device_missing_from_the_configuration_applies_to_nothing()
    {
        using var rules = new ExtendConnectScenario();
        SqliteStateDatabase.Open(rules.Directory).CtiDeviceCallSettings.Save("CTRIDgone", "95555", true);
        var settings = Open(rules);
        Assert.Null(settings.ForwardAllOf("CTRIDgone"));
        Assert.Null(settings.Apply("2000", null));
    }
}
