using SipGateway.Calls.Lines;
using SipGateway.Features.ExtendConnect.Calls;
using SipGateway.Features.ExtendConnect.Errors;
using SipGateway.Features.ExtendConnect.Events;

namespace SipGateway.Features.ExtendConnect.Tests;

/// <summary>CTI Call Forward All and Do Not Disturb on a remote device, as the B2BUA reads them from the line rules.</summary>
public class DeviceCallSettingsTests
{
    private sealed class Fixture : IDisposable
    {
        public ExtendConnectScenario Rules { get; } = new();
        public CtiEventHub Events { get; } = new();
        public CtiEventHub.Subscription Seen { get; }
        public DeviceCallSettings Settings { get; }
        public LineDirectory Lines { get; } = new([new LineRules { Dn = "2000", BusyTrigger = 3, ForwardNoAnswer = new CallForward("95555", null) }]);

        public Fixture()
        {
            Seen = Events.Subscribe("test");
            // 9.XXXX reachable, anything else not (what the device's CSS would say).
            Settings = new DeviceCallSettings(Rules.Book, (_, d) => d.StartsWith('9') && d.Length == 5 ? null : "it matches nothing", Events);
            Lines.Overrides = Settings;
        }

        public List<string> Names()
        {
            var names = new List<string>();
            while (Seen.Reader.TryRead(out var e)) names.Add(e.Name);
            return names;
        }

        public void Dispose() => Rules.Dispose();
    }

    private static string Code(Action action) => Assert.Throws<CtiException>(action).Error.Code;

    [Fact]
    public void Forward_all_applies_to_the_device_lines_and_keeps_the_other_line_settings()
    {
        using var f = new Fixture();
        Assert.Null(f.Lines.Get("2000")!.ForwardAll);
        f.Settings.SetForwardAll("CTRIDalice", true, "94321");
        var rules = f.Lines.Get("2000")!;
        Assert.Equal("94321", rules.ForwardAll!.Destination);
        Assert.Null(rules.ForwardAll.Css);
        Assert.Equal(3, rules.BusyTrigger);
        Assert.Equal("95555", rules.ForwardNoAnswer!.Destination);
        Assert.Null(f.Lines.Get("2001")); // bob's line: untouched, still without rules
        Assert.Equal("94321", f.Settings.ForwardAllOf("CTRIDalice"));

        f.Settings.SetForwardAll("CTRIDalice", false, null);
        Assert.Null(f.Lines.Get("2000")!.ForwardAll);
        Assert.Null(f.Settings.ForwardAllOf("CTRIDalice"));
        Assert.Equal(["ForwardSet", "ForwardCancel"], f.Names());
    }

    [Fact]
    public void A_line_without_configured_rules_gets_them_when_forwarded()
    {
        using var f = new Fixture();
        f.Settings.SetForwardAll("CTRIDbob", true, "94321");
        Assert.Equal("94321", f.Lines.Get("2001")!.ForwardAll!.Destination);
        Assert.Equal("2001", f.Lines.Get("2001")!.Dn);
    }

    [Fact]
    public void Do_not_disturb_rejects_and_turns_off_again()
    {
        using var f = new Fixture();
        f.Settings.SetDoNotDisturb("CTRIDalice", true);
        var rules = f.Lines.Get("2000")!;
        Assert.True(rules.DoNotDisturb);
        Assert.Equal(DoNotDisturbOption.CallReject, rules.DoNotDisturbOption);
        Assert.True(f.Settings.DoNotDisturbOf("CTRIDalice"));
        f.Settings.SetDoNotDisturb("CTRIDalice", false);
        Assert.False(f.Lines.Get("2000")!.DoNotDisturb);
        Assert.Equal(["DNDOn", "DNDOff"], f.Names());
    }

    [Fact]
    public void Bad_forward_requests_are_refused_with_a_reason()
    {
        using var f = new Fixture();
        Assert.Equal("DESTINATION_REQUIRED", Code(() => f.Settings.SetForwardAll("CTRIDalice", true, " ")));
        Assert.Equal("FORWARD_TO_SELF", Code(() => f.Settings.SetForwardAll("CTRIDalice", true, "2000")));
        Assert.Equal("DESTINATION_NOT_REACHABLE", Code(() => f.Settings.SetForwardAll("CTRIDalice", true, "84321")));
        Assert.Equal("DEVICE_NOT_FOUND", Code(() => f.Settings.SetForwardAll("CTRIDnobody", true, "94321")));
        Assert.Equal("DEVICE_NOT_FOUND", Code(() => f.Settings.SetDoNotDisturb("CTRIDnobody", true)));
        Assert.Null(f.Lines.Get("2000")!.ForwardAll);
        Assert.Empty(f.Names());
    }

    [Fact]
    public void A_rebuilt_dial_plan_keeps_the_cti_settings()
    {
        using var f = new Fixture();
        f.Settings.SetForwardAll("CTRIDalice", true, "94321");
        f.Lines.ReplaceRules([new LineRules { Dn = "2000", BusyTrigger = 1 }]);
        Assert.Equal("94321", f.Lines.Get("2000")!.ForwardAll!.Destination);
        Assert.Equal(1, f.Lines.Get("2000")!.BusyTrigger);
    }
}
