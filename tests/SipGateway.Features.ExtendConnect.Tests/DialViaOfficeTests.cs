using SipGateway.Features.ExtendConnect.Errors;

namespace SipGateway.Features.ExtendConnect.Tests;

public class DialViaOfficeTests
{
    private static string Code(Action action) => Assert.Throws<CtiException>(action).Error.Code;

    private static CtiScenario WithActiveRd()
    {
        var s = new CtiScenario();
        s.Rules.Book.Add("CTRIDalice", "94001", null, true);
        return s;
    }

    [Fact]
    public void The_rd_is_called_first_as_Voice_Connect_and_the_target_only_once_it_answers()
    {
        using var s = WithActiveRd();
        var call = s.Dvo.MakeCall("CTRIDalice", "1000");
        var rd = (FakeLeg)call.RemoteLeg;
        var far = (FakeLeg)call.FarLeg!;
        Assert.Equal(("rd:94001", "Voice Connect", null), (rd.Target, rd.Display, rd.Number)); // number null: the trunk's DID
        Assert.Equal(("to:1000", "Alice Adams", "2000"), (far.Target, far.Display, far.Number));
        Assert.True(rd.Started);
        Assert.False(far.Started);
        rd.Ring();
        rd.Answer();
        Assert.True(far.Started);
        Assert.Empty(s.Legs.Joins);
        far.Answer();
        Assert.Equal((rd, far), ((FakeLeg)s.Legs.Joins.Single().A, (FakeLeg)s.Legs.Joins.Single().B));
        Assert.Equal(["Offering", "Accepted", "Connected"], s.Names(call.Id));
    }

    [Fact]
    public void A_failing_target_is_reported_and_clears_the_rd_leg()
    {
        using var s = WithActiveRd();
        var call = s.Dvo.MakeCall("CTRIDalice", "1000");
        ((FakeLeg)call.RemoteLeg).Answer();
        ((FakeLeg)call.FarLeg!).EndByPeer(486, "Busy Here");
        Assert.NotNull(((FakeLeg)call.RemoteLeg).HungUpWith);
        var disconnected = s.Seen().Last();
        Assert.Equal("Disconnected", disconnected.Name);
        Assert.Equal("destination", disconnected.Fields["failedLeg"]);
        Assert.Equal(486, disconnected.Fields["cause"]);
        Assert.Empty(s.Calls.All);
    }

    [Fact]
    public void A_failing_rd_is_reported_and_the_target_is_never_called()
    {
        using var s = WithActiveRd();
        var call = s.Dvo.MakeCall("CTRIDalice", "1000");
        ((FakeLeg)call.RemoteLeg).EndByPeer(480, "Temporarily Unavailable");
        var far = (FakeLeg)call.FarLeg!;
        Assert.False(far.Started);
        Assert.True(far.IsEnded);
        Assert.Equal("remote-destination", s.Seen().Last().Fields["failedLeg"]);
    }

    [Fact]
    public void Hanging_up_a_connected_call_clears_the_other_leg_without_a_failure()
    {
        using var s = WithActiveRd();
        var call = s.Dvo.MakeCall("CTRIDalice", "1000");
        ((FakeLeg)call.RemoteLeg).Answer();
        ((FakeLeg)call.FarLeg!).Answer();
        ((FakeLeg)call.RemoteLeg).EndByPeer(200, "BYE");
        Assert.NotNull(((FakeLeg)call.FarLeg!).HungUpWith);
        var e = s.Seen().Last();
        Assert.Equal("Disconnected", e.Name);
        Assert.False(e.Fields.ContainsKey("failedLeg"));
    }

    [Fact]
    public void Refusals_name_what_is_wrong()
    {
        using var s = new CtiScenario();
        Assert.Equal("NO_ACTIVE_RD", Code(() => s.Dvo.MakeCall("CTRIDalice", "1000")));
        Assert.Equal("DEVICE_NOT_FOUND", Code(() => s.Dvo.MakeCall("CTRIDnobody", "1000")));
        s.Rules.Book.Add("CTRIDalice", "94001", null, true);
        Assert.Equal("DESTINATION_REQUIRED", Code(() => s.Dvo.MakeCall("CTRIDalice", " ")));
        Assert.Equal("DESTINATION_NOT_REACHABLE", Code(() => s.Dvo.MakeCall("CTRIDalice", "9995")));
        Assert.Empty(s.Legs.Placed);
    }

    [Fact]
    public void Hold_retrieve_and_dtmf_need_a_connected_call()
    {
        using var s = WithActiveRd();
        var call = s.Dvo.MakeCall("CTRIDalice", "1000");
        Assert.Equal("INVALID_STATE", Code(() => s.MidCall.Apply(call.Id, "hold", null)));
        ((FakeLeg)call.RemoteLeg).Answer();
        ((FakeLeg)call.FarLeg!).Answer();
        Assert.Equal("Held", s.MidCall.Apply(call.Id, "hold", null).State);
        Assert.Equal("Connected", s.MidCall.Apply(call.Id, "retrieve", null).State);
        Assert.Equal("DIGITS_REQUIRED", Code(() => s.MidCall.Apply(call.Id, "dtmf", "12x")));
        s.MidCall.Apply(call.Id, "dtmf", "123#");
        Assert.Equal("UNKNOWN_OPERATION", Code(() => s.MidCall.Apply(call.Id, "explode", null)));
        Assert.Equal("CALL_NOT_FOUND", Code(() => s.MidCall.Apply("dvo-999", "hold", null)));
        Assert.Equal(["Accepted", "Connected", "Held", "Retrieved"], s.Names(call.Id));
    }
}
