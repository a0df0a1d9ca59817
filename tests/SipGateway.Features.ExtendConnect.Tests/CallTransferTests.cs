using SipGateway.Features.ExtendConnect.Calls;
using SipGateway.Features.ExtendConnect.Errors;

namespace SipGateway.Features.ExtendConnect.Tests;

/// <summary>Blind and consult transfer of Dial Via Office calls: the far parties are joined and the remote destination leaves.</summary>
public class CallTransferTests
{
    private static string Code(Action action) => Assert.Throws<CtiException>(action).Error.Code;

    private static CtiCall Connected(CtiScenario s, string destination)
    {
        var call = s.Dvo.MakeCall("CTRIDalice", destination);
        var rd = (FakeLeg)call.RemoteLeg;
        if (!rd.IsAnswered) rd.Answer();
        ((FakeLeg)call.FarLeg!).Answer();
        return call;
    }

    [Fact]
    public void Blind_transfer_joins_the_far_party_to_the_destination_once_it_answers_and_the_rd_leaves()
    {
        using var s = new CtiScenario();
        s.Rules.Book.Add("CTRIDalice", "94001", null, true);
        var call = Connected(s, "1000");
        var rd = (FakeLeg)call.RemoteLeg;
        var far = (FakeLeg)call.FarLeg!;
        s.MidCall.Apply(call.Id, "transfer", null, destination: "1001");
        var target = s.Legs.Placed.Last();
        Assert.Equal("to:1001", target.Target);
        Assert.True(target.Started);
        Assert.Null(rd.HungUpWith); // nothing changes until the destination answers
        target.Answer();
        Assert.Equal((200, "transferred"), rd.HungUpWith);
        Assert.Contains((far, target), s.Legs.Joins.Select(j => ((FakeLeg)j.A, (FakeLeg)j.B)));
        Assert.Null(far.HungUpWith); // the RD leaving does not clear the transferred party
        Assert.Equal("Transferred", call.State);
        Assert.Contains("Transferred", s.Names(call.Id));
        Assert.DoesNotContain("Disconnected", s.Names(call.Id));
        far.EndByPeer(200, "BYE");
        Assert.NotNull(target.HungUpWith); // the joined parties clear each other
    }

    [Fact]
    public void A_failed_blind_transfer_leaves_the_call_as_it_was()
    {
        using var s = new CtiScenario();
        s.Rules.Book.Add("CTRIDalice", "94001", null, true);
        var call = Connected(s, "1000");
        s.MidCall.Apply(call.Id, "transfer", null, destination: "1001");
        s.Legs.Placed.Last().EndByPeer(486, "Busy Here");
        Assert.Equal("Connected", call.State);
        Assert.Null(((FakeLeg)call.RemoteLeg).HungUpWith);
        Assert.Contains("TransferFailed", s.Names(call.Id));
    }

    [Fact]
    public void Consult_transfer_joins_the_held_call_and_the_consult_call()
    {
        using var s = new CtiScenario();
        s.Rules.Book.Add("CTRIDalice", "94001", null, true);
        var held = Connected(s, "1000");
        s.MidCall.Apply(held.Id, "hold", null);
        var consult = Connected(s, "1001");
        s.MidCall.Apply(held.Id, "transfer", null, consultCallId: consult.Id);
        Assert.Equal((200, "transferred"), ((FakeLeg)held.RemoteLeg).HungUpWith);
        Assert.Equal((200, "transferred"), ((FakeLeg)consult.RemoteLeg).HungUpWith);
        var a = (FakeLeg)held.FarLeg!;
        var b = (FakeLeg)consult.FarLeg!;
        Assert.Contains(s.Legs.Joins, j => j.A == a && j.B == b);
        Assert.Null(a.HungUpWith);
        Assert.Null(b.HungUpWith);
        Assert.Throws<CtiException>(() => s.Calls.Get(held.Id));
        Assert.Throws<CtiException>(() => s.Calls.Get(consult.Id));
    }

    [Fact]
    public void Bad_transfers_are_refused()
    {
        using var s = new CtiScenario();
        s.Rules.Book.Add("CTRIDalice", "94001", null, true);
        s.Rules.Book.Add("CTRIDbob", "94002", null, true);
        var call = Connected(s, "1000");
        Assert.Equal("DESTINATION_REQUIRED", Code(() => s.MidCall.Apply(call.Id, "transfer", null)));
        Assert.Equal("DESTINATION_NOT_REACHABLE", Code(() => s.MidCall.Apply(call.Id, "transfer", null, destination: "9991")));
        Assert.Equal("INVALID_STATE", Code(() => s.MidCall.Apply(call.Id, "transfer", null, consultCallId: call.Id)));
        Assert.Equal("CALL_NOT_FOUND", Code(() => s.MidCall.Apply(call.Id, "transfer", null, consultCallId: "dvo-nope")));
        var bobs = s.Dvo.MakeCall("CTRIDbob", "1000");
        ((FakeLeg)bobs.RemoteLeg).Answer();
        ((FakeLeg)bobs.FarLeg!).Answer();
        Assert.Equal("NOT_SAME_DEVICE", Code(() => s.MidCall.Apply(call.Id, "transfer", null, consultCallId: bobs.Id)));
        var ringing = s.Dvo.MakeCall("CTRIDalice", "1001");
        Assert.Equal("INVALID_STATE", Code(() => s.MidCall.Apply(ringing.Id, "transfer", null, destination: "1002")));
        Assert.Null(((FakeLeg)call.RemoteLeg).HungUpWith);
    }

    [Fact]
    public void Transfer_on_the_persistent_connection_itself_is_refused()
    {
        using var s = new CtiScenario();
        s.Rules.Book.Add("CTRIDalice", "94001", null, true);
        var pc = s.Persistent.Create("CTRIDalice", null, null);
        ((FakeLeg)pc.RemoteLeg).Answer();
        Assert.Equal("NOT_ALLOWED_ON_PERSISTENT_CONNECTION", Code(() => s.MidCall.Apply(pc.Id, "transfer", null, destination: "1001")));
    }

    [Fact]
    public void A_transferred_call_on_a_persistent_connection_gives_it_back()
    {
        using var s = new CtiScenario();
        s.Rules.Book.Add("CTRIDalice", "94001", null, true);
        var pc = s.Persistent.Create("CTRIDalice", null, null);
        ((FakeLeg)pc.RemoteLeg).Answer();
        var call = Connected(s, "1000");
        Assert.True(call.OnPersistentConnection);
        s.MidCall.Apply(call.Id, "transfer", null, destination: "1001");
        s.Legs.Placed.Last().Answer();
        Assert.Null(((FakeLeg)pc.RemoteLeg).HungUpWith);
        Assert.Null(s.Persistent.Of("CTRIDalice")!.InUseBy);
        Assert.Contains("PersistentConnectionIdle", s.Names(pc.Id));
    }

    [Fact]
    public void Redirect_of_an_answered_call_sends_the_far_party_to_the_destination_as_a_blind_transfer()
    {
        using var s = new CtiScenario();
        s.Rules.Book.Add("CTRIDalice", "94001", null, true);
        var call = Connected(s, "1000");
        var rd = (FakeLeg)call.RemoteLeg;
        var far = (FakeLeg)call.FarLeg!;
        s.MidCall.Apply(call.Id, "redirect", null, destination: "1001");
        var target = s.Legs.Placed.Last();
        Assert.Equal("to:1001", target.Target);
        Assert.Null(rd.HungUpWith);
        target.Answer();
        Assert.Equal((200, "transferred"), rd.HungUpWith);
        Assert.Contains((far, target), s.Legs.Joins.Select(j => ((FakeLeg)j.A, (FakeLeg)j.B)));
        Assert.Equal("Transferred", call.State);
    }

    [Fact]
    public void Bad_redirects_are_refused_and_leave_the_call()
    {
        using var s = new CtiScenario();
        s.Rules.Book.Add("CTRIDalice", "94001", null, true);
        var call = Connected(s, "1000");
        Assert.Equal("DESTINATION_REQUIRED", Code(() => s.MidCall.Apply(call.Id, "redirect", null)));
        Assert.Equal("DESTINATION_NOT_REACHABLE", Code(() => s.MidCall.Apply(call.Id, "redirect", null, destination: "9991")));
        // consultCallId is not a redirect form: without a destination it is refused, not treated as a consult transfer.
        Assert.Equal("DESTINATION_REQUIRED", Code(() => s.MidCall.Apply(call.Id, "redirect", null, consultCallId: call.Id)));
        var ringing = s.Dvo.MakeCall("CTRIDalice", "1001");
        Assert.Equal("INVALID_STATE", Code(() => s.MidCall.Apply(ringing.Id, "redirect", null, destination: "1002")));
        Assert.Null(((FakeLeg)call.RemoteLeg).HungUpWith);
        Assert.Equal("Connected", call.State);
    }
}
