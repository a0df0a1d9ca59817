using SipGateway.Features.ExtendConnect.Errors;
using SipGateway.Features.ExtendConnect.Events;
using SipGateway.Features.ExtendConnect.ServiceState;

namespace SipGateway.Features.ExtendConnect.Tests;

public class RemoteDeviceRegistrationsTests
{
    private static string Code(Action action) => Assert.Throws<CtiException>(action).Error.Code;

    private static List<CtiEvent> Drain(CtiEventHub.Subscription s)
    {
        var list = new List<CtiEvent>();
        while (s.Reader.TryRead(out var e)) list.Add(e);
        return list;
    }

    [Fact]
    public void Registering_activates_REMOTE_DEST_and_emits_DNBackInService_with_REMOTE_NAME_defaulting_to_it()
    {
        using var rules = new ExtendConnectScenario();
        var hub = new CtiEventHub();
        using var watcher = hub.Subscribe("watcher");
        var registrations = new RemoteDeviceRegistrations(rules.Book, hub);
        Assert.False(registrations.IsInService("CTRIDalice"));
        registrations.Register("crm", "CTRIDalice", "+1-4085550199", null);
        Assert.True(registrations.IsInService("CTRIDalice"));
        Assert.Equal("914085550199", rules.Book.Active("CTRIDalice")!.Number);
        var e = Assert.Single(Drain(watcher));
        Assert.Equal("DNBackInService", e.Name);
        Assert.Equal("914085550199", e.Fields["REMOTE_DEST"]);
        Assert.Equal("+1-4085550199", e.Fields["REMOTE_NAME"]);
        Assert.Equal("2000", e.Fields["dn"]);
    }

    [Fact]
    public void The_last_registration_decides_and_only_its_client_may_unregister()
    {
        using var rules = new ExtendConnectScenario();
        var hub = new CtiEventHub();
        using var watcher = hub.Subscribe("watcher");
        var registrations = new RemoteDeviceRegistrations(rules.Book, hub);
        registrations.Register("crm", "CTRIDalice", "94001", "desk");
        registrations.Register("wallboard", "CTRIDalice", "94002", "mobile");
        Assert.Equal("94002", rules.Book.Active("CTRIDalice")!.Number);
        Assert.Equal("wallboard", registrations.Of("CTRIDalice")!.Client);
        Assert.Equal("NOT_REGISTRATION_OWNER", Code(() => registrations.Unregister("crm", "CTRIDalice")));
        Assert.True(registrations.IsInService("CTRIDalice"));
        Drain(watcher);
        registrations.Unregister("wallboard", "CTRIDalice");
        Assert.False(registrations.IsInService("CTRIDalice"));
        Assert.Equal("DNOutOfService", Assert.Single(Drain(watcher)).Name);
        Assert.Equal("NOT_REGISTERED", Code(() => registrations.Unregister("wallboard", "CTRIDalice")));
    }

    [Fact]
    public void The_registrants_disconnect_puts_the_device_out_of_service_for_all()
    {
        using var rules = new ExtendConnectScenario();
        var hub = new CtiEventHub();
        using var watcher = hub.Subscribe("watcher");
        var crmStream = hub.Subscribe("crm");
        var crmSecondStream = hub.Subscribe("crm");
        var registrations = new RemoteDeviceRegistrations(rules.Book, hub);
        registrations.Register("crm", "CTRIDalice", "94001", null);
        Drain(watcher);
        crmStream.Dispose();
        Assert.True(registrations.IsInService("CTRIDalice")); // crm still has a stream open
        crmSecondStream.Dispose();
        Assert.False(registrations.IsInService("CTRIDalice"));
        var e = Assert.Single(Drain(watcher));
        Assert.Equal("DNOutOfService", e.Name);
        Assert.Contains("crm disconnected", (string)e.Fields["reason"]!);
    }

    [Fact]
    public void An_unusable_REMOTE_DEST_is_refused_and_leaves_the_previous_registration()
    {
        using var rules = new ExtendConnectScenario();
        var hub = new CtiEventHub();
        var registrations = new RemoteDeviceRegistrations(rules.Book, hub);
        registrations.Register("crm", "CTRIDalice", "94001", null);
        Assert.Equal("RD_NOT_REACHABLE", Code(() => registrations.Register("wallboard", "CTRIDalice", "84001", null)));
        Assert.Equal("RD_IS_DN", Code(() => registrations.Register("wallboard", "CTRIDalice", "1000", null)));
        Assert.Equal("REMOTE_DEST_REQUIRED", Code(() => registrations.Register("wallboard", "CTRIDalice", "", null)));
        Assert.Equal("crm", registrations.Of("CTRIDalice")!.Client);
        Assert.Equal("94001", rules.Book.Active("CTRIDalice")!.Number);
    }

    [Fact]
    public void Clearing_the_active_destination_takes_a_registered_device_out_of_service()
    {
        using var rules = new ExtendConnectScenario();
        var hub = new CtiEventHub();
        using var watcher = hub.Subscribe("watcher");
        var registrations = new RemoteDeviceRegistrations(rules.Book, hub);
        registrations.Register("crm", "CTRIDalice", "94001", null);
        Drain(watcher);
        rules.Book.Update("CTRIDalice", "94001", null, active: false);
        Assert.False(registrations.IsInService("CTRIDalice"));
        Assert.Equal("DNOutOfService", Assert.Single(Drain(watcher)).Name);
    }
}
