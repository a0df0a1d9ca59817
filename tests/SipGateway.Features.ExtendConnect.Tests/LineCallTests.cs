using SipGateway.Features.ExtendConnect.Calls;
using SipGateway.Features.ExtendConnect.Errors;

namespace SipGateway.Features.ExtendConnect.Tests;

/// <summary>Inbound calls to a remote device's line that ring its RD, as CTI calls: events, mid-call requests, redirect (deflect).</summary>
public class LineCallTests
{
    private static string Code(Action action) => Assert.Throws<CtiException>(action).Error.Code;

    private static CtiCall Offered(CtiScenario s, string b2buaCallId = "call-1")
    {
        s.LineCalls.Offering(b2buaCallId, "CTRIDalice", "4085551234", "2000");
        return Assert.Single(s.Calls.All, c => c.B2buaCallId == b2buaCallId);
    }

    [Fact]
    public void A_ringing_line_call_is_offered_then_connected_then_disconnected_with_its_cause()
    {
        using var s = new CtiScenario();
        var call = Offered(s);
        Assert.Equal(CtiCallKind.Line, call.Kind);
        Assert.Equal("Offering", call.State);
        var offering = s.Seen().Single(e => e.Name == "Offering");
        Assert.Equal("4085551234", offering.Fields["calling"]);
        Assert.Equal("2000", offering.Fields["called"]);
        Assert.Equal("CTRIDalice", offering.Fields["device"]);
        s.LineCalls.Answered("call-1", "CTRIDalice");
        Assert.Equal("Connected", call.State);
        s.LineCalls.Ended("call-1", "CTRIDalice", 200, "Normal call clearing");
        Assert.Equal(["Offering", "Connected", "Disconnected"], s.Names(call.Id));
        Assert.Equal(200, s.Seen().Last().Fields["cause"]);
        Assert.Empty(s.Calls.All);
    }

    [Fact]
    public void An_unanswered_line_call_ends_with_the_failure_cause()
    {
        using var s = new CtiScenario();
        var call = Offered(s);
        s.LineCalls.Ended("call-1", "CTRIDalice", 487, "Request Terminated (caller cancelled)");
        Assert.Equal(["Offering", "Disconnected"], s.Names(call.Id));
        Assert.Equal(487, s.Seen().Last().Fields["cause"]);
    }

    [Fact]
    public void Once_answered_hold_retrieve_dtmf_and_disconnect_reach_the_b2bua_call()
    {
        using var s = new CtiScenario();
        var call = Offered(s);
        Assert.Equal("INVALID_STATE", Code(() => s.MidCall.Apply(call.Id, "hold", null))); // still ringing
        s.LineCalls.Answered("call-1", "CTRIDalice");
        s.MidCall.Apply(call.Id, "hold", null);
        Assert.Equal("Held", call.State);
        Assert.Equal("INVALID_STATE", Code(() => s.MidCall.Apply(call.Id, "hold", null)));
        s.MidCall.Apply(call.Id, "retrieve", null);
        s.MidCall.Apply(call.Id, "dtmf", "12#");
        Assert.Equal("DIGITS_REQUIRED", Code(() => s.MidCall.Apply(call.Id, "dtmf", "x")));
        s.MidCall.Apply(call.Id, "disconnect", null);
        Assert.Equal(["hold call-1", "hold call-1", "retrieve call-1", "dtmf call-1 12#", "disconnect call-1"], s.LineControl.Requests);
        Assert.Equal(["Offering", "Connected", "Held", "Retrieved"], s.Names(call.Id));
        Assert.Equal("INVALID_STATE", Code(() => s.MidCall.Apply(call.Id, "redirect", null, destination: "1001"))); // answered: not a deflect
        Assert.Equal("NOT_SUPPORTED", Code(() => s.MidCall.Apply(call.Id, "transfer", null, destination: "1001")));
    }

    [Fact]
    public void Redirect_of_a_ringing_call_sends_it_to_the_destination_and_it_leaves_the_device()
    {
        using var s = new CtiScenario();
        var call = Offered(s);
        s.MidCall.Apply(call.Id, "redirect", null, destination: " 1001 ");
        Assert.Equal(["redirect call-1 CTRIDalice 1001"], s.LineControl.Requests);
        Assert.Equal(["Offering", "Redirected", "Disconnected"], s.Names(call.Id));
        Assert.Equal(302, s.Seen().Last().Fields["cause"]);
        Assert.Empty(s.Calls.All);
        // The B2BUA no longer reports it to this device; a late report changes nothing.
        s.LineCalls.Ended("call-1", "CTRIDalice", 200, "late");
        Assert.Single(s.Names(call.Id), "Disconnected");
    }

    [Fact]
    public void Bad_redirects_of_a_ringing_call_are_refused_and_it_keeps_ringing()
    {
        using var s = new CtiScenario();
        var call = Offered(s);
        Assert.Equal("DESTINATION_REQUIRED", Code(() => s.MidCall.Apply(call.Id, "redirect", null)));
        var refused = Assert.Throws<CtiException>(() => s.MidCall.Apply(call.Id, "redirect", null, destination: "9991"));
        Assert.Equal(("DESTINATION_NOT_REACHABLE", 404), (refused.Error.Code, refused.Error.Status));
        Assert.Contains("9991", refused.Error.Detail);
        Assert.Equal("Offering", call.State);
        Assert.Same(call, s.Calls.Get(call.Id));
    }

    [Fact]
    public void Disconnect_of_a_ringing_call_declines_it()
    {
        using var s = new CtiScenario();
        var call = Offered(s);
        s.MidCall.Apply(call.Id, "disconnect", null);
        Assert.Equal(["disconnect call-1"], s.LineControl.Requests);
    }

    [Fact]
    public void A_call_deflected_while_its_redirect_runs_leaves_the_device_once_whatever_happens_to_it_next()
    {
        using var s = new CtiScenario();
        var call = Offered(s);
        // Call control reports the deflection, then the new destination rejects the call: that end is not the device's.
        s.LineControl.WhileRedirecting = id =>
        {
            s.LineCalls.Deflected(id);
            Assert.Null(s.LineCalls.DeviceOf(id));
            s.LineCalls.Ended(id, "CTRIDalice", 486, "Busy Here");
        };
        s.MidCall.Apply(call.Id, "redirect", null, destination: "1001");
        Assert.Equal(["Offering", "Redirected", "Disconnected"], s.Names(call.Id));
        Assert.Equal(302, s.Seen().Last().Fields["cause"]);
        Assert.Empty(s.Calls.All);
    }

    [Fact]
    public void Line_call_control_acts_only_on_calls_still_on_the_device()
    {
        var control = new RecordingCallControl();
        var onDevice = new Dictionary<string, string> { ["call-1"] = "CTRIDalice" };
        var lineCalls = new B2buaLineCalls(control, id => onDevice.GetValueOrDefault(id));
        Assert.True(lineCalls.Hold("call-1", true));
        Assert.True(lineCalls.SendDigits("call-1", "1"));
        Assert.True(lineCalls.Disconnect("call-1", "bye"));
        Assert.Null(lineCalls.Redirect("call-1", "CTRIDalice", "1001"));
        // Answered elsewhere, redirected or ended: the call is not the device's to control.
        Assert.False(lineCalls.Hold("call-2", true));
        Assert.False(lineCalls.SendDigits("call-2", "1"));
        Assert.False(lineCalls.Disconnect("call-2", "bye"));
        Assert.Equal("call call-2 is not ringing on CTRIDalice", lineCalls.Redirect("call-2", "CTRIDalice", "1001"));
        Assert.Equal("call call-1 is not ringing on CTRIDbob", lineCalls.Redirect("call-1", "CTRIDbob", "1001"));
        Assert.Equal(["hold call-1 True", "dtmf call-1 1", "disconnect call-1 bye", "redirect call-1 CTRIDalice 1001"], control.Requests);
    }

    private sealed class RecordingCallControl : SipGateway.Calls.CallControl.ICallControl
    {
        public List<string> Requests { get; } = [];
        public bool HoldCaller(string callId, bool hold) { Requests.Add($"hold {callId} {hold}"); return true; }
        public bool SendDigitsToCaller(string callId, string digits) { Requests.Add($"dtmf {callId} {digits}"); return true; }
        public bool Disconnect(string callId, string reason) { Requests.Add($"disconnect {callId} {reason}"); return true; }
        public string? Redirect(string callId, string device, string destination) { Requests.Add($"redirect {callId} {device} {destination}"); return null; }
        public bool Hangup(string callId, int code, string reason) { Requests.Add($"hangup {callId} {code}"); return true; }
    }
}
