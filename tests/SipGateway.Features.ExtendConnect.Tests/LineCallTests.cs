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
}
