using SipGateway.Features.ExtendConnect.Calls;
using SipGateway.Features.ExtendConnect.Errors;

namespace SipGateway.Features.ExtendConnect.Tests;

/// <summary>
/// Conference of two Dial Via Office calls: the remote destination and both far parties are mixed; parties leave one by
/// one with the others staying connected; the last one alone is released.
/// </summary>
public class CallConferenceTests
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

    /// <summary>Call A to 1000 (held) and consult call B to 1001, conferenced.</summary>
    private static (CtiScenario S, CtiCall A, CtiCall B) Conferenced()
    {
        var s = new CtiScenario();
        s.Rules.Book.Add("CTRIDalice", "94001", null, true);
        var a = Connected(s, "1000");
        s.MidCall.Apply(a.Id, "hold", null);
        var b = Connected(s, "1001");
        s.MidCall.Apply(a.Id, "conference", null, consultCallId: b.Id);
        return (s, a, b);
    }

    [Fact]
    public void Conference_mixes_the_remote_destination_and_both_far_parties_and_drops_the_consult_rd_leg()
    {
        var (s, a, b) = Conferenced();
        using var _s = s;
        var conference = Assert.Single(s.Legs.Conferences);
        Assert.Equal(new[] { a.RemoteLeg, a.FarLeg!, b.FarLeg! }, conference);
        Assert.Equal((200, "conferenced"), ((FakeLeg)b.RemoteLeg).HungUpWith);
        Assert.Null(((FakeLeg)a.RemoteLeg).HungUpWith);
        Assert.Null(((FakeLeg)a.FarLeg!).HungUpWith);
        Assert.Null(((FakeLeg)b.FarLeg!).HungUpWith);
        Assert.Empty(s.Legs.Joins); // the two-party relays are gone: only the mix carries audio
        Assert.Equal("Conferenced", a.State);
        Assert.Equal("Conferenced", b.State);
        var e = s.Seen().Single(x => x.Name == "Conferenced");
        Assert.Equal(a.Id, e.Fields["callId"]);
        Assert.Equal(b.Id, e.Fields["consultCallId"]);
        Assert.DoesNotContain("Disconnected", s.Names(b.Id)); // the consult RD leg leaving does not end call B
        Assert.Same(b, s.Calls.Get(b.Id));
    }

    [Fact]
    public void When_far_parties_leave_the_others_stay_until_the_remote_destination_is_alone()
    {
        var (s, a, b) = Conferenced();
        using var _s = s;
        ((FakeLeg)a.FarLeg!).EndByPeer(200, "BYE");
        Assert.Contains("Disconnected", s.Names(a.Id));
        Assert.Null(((FakeLeg)a.RemoteLeg).HungUpWith);
        Assert.Null(((FakeLeg)b.FarLeg!).HungUpWith);
        Assert.Equal(new[] { a.RemoteLeg, b.FarLeg! }, s.Legs.Conferences[0].Where(l => !l.IsEnded));
        Assert.DoesNotContain("Disconnected", s.Names(b.Id));
        Assert.Equal("CALL_NOT_FOUND", Code(() => s.Calls.Get(a.Id)));
        // Disconnect on the consult call drops its far party; the remote destination, alone, is released.
        s.MidCall.Apply(b.Id, "disconnect", null);
        Assert.NotNull(((FakeLeg)b.FarLeg!).HungUpWith);
        Assert.Equal((200, "last party in the conference"), ((FakeLeg)a.RemoteLeg).HungUpWith);
        Assert.Contains("Disconnected", s.Names(b.Id));
        Assert.Empty(s.Calls.All);
    }

    [Fact]
    public void When_the_remote_destination_leaves_the_far_parties_stay_connected()
    {
        var (s, a, b) = Conferenced();
        using var _s = s;
        ((FakeLeg)a.RemoteLeg).EndByPeer(200, "BYE");
        Assert.Contains("Disconnected", s.Names(a.Id));
        Assert.Contains("Disconnected", s.Names(b.Id));
        Assert.Equal("remote-destination", s.Seen().Last(e => e.Name == "Disconnected").Fields["endedBy"]);
        Assert.Null(((FakeLeg)a.FarLeg!).HungUpWith);
        Assert.Null(((FakeLeg)b.FarLeg!).HungUpWith);
        Assert.Empty(s.Calls.All);
        ((FakeLeg)b.FarLeg!).EndByPeer(200, "BYE");
        Assert.Equal((200, "last party in the conference"), ((FakeLeg)a.FarLeg!).HungUpWith);
    }

    [Fact]
    public void A_conference_on_the_persistent_connection_gives_it_back_when_the_parties_are_gone()
    {
        using var s = new CtiScenario();
        s.Rules.Book.Add("CTRIDalice", "94001", null, true);
        var pc = s.Persistent.Create("CTRIDalice", null, null);
        ((FakeLeg)pc.RemoteLeg).Answer();
        var a = Connected(s, "1000");
        Assert.True(a.OnPersistentConnection);
        s.MidCall.Apply(a.Id, "hold", null);
        var b = Connected(s, "1001");
        Assert.False(b.OnPersistentConnection); // the connection is in use by A: the consult call rings the RD anew
        s.MidCall.Apply(a.Id, "conference", null, consultCallId: b.Id);
        Assert.Contains(pc.RemoteLeg, s.Legs.Conferences[0]);
        ((FakeLeg)a.FarLeg!).EndByPeer(200, "BYE");
        ((FakeLeg)b.FarLeg!).EndByPeer(200, "BYE");
        Assert.Null(((FakeLeg)pc.RemoteLeg).HungUpWith);
        Assert.Null(s.Persistent.Of("CTRIDalice")!.InUseBy);
        Assert.DoesNotContain(pc.RemoteLeg, s.Legs.Conferences[0]); // split from the mix, ready for the next call
        Assert.Contains("PersistentConnectionIdle", s.Names(pc.Id));
    }

    [Fact]
    public void Bad_conferences_are_refused_and_leave_the_calls_as_they_were()
    {
        using var s = new CtiScenario();
        s.Rules.Book.Add("CTRIDalice", "94001", null, true);
        s.Rules.Book.Add("CTRIDbob", "94002", null, true);
        var a = Connected(s, "1000");
        Assert.Equal("CONSULT_CALL_REQUIRED", Code(() => s.MidCall.Apply(a.Id, "conference", null)));
        Assert.Equal("CALL_NOT_FOUND", Code(() => s.MidCall.Apply(a.Id, "conference", null, consultCallId: "dvo-nope")));
        Assert.Equal("INVALID_STATE", Code(() => s.MidCall.Apply(a.Id, "conference", null, consultCallId: a.Id)));
        var ringing = s.Dvo.MakeCall("CTRIDalice", "1001");
        ((FakeLeg)ringing.RemoteLeg).Answer(); // the RD answered, the far party is still ringing
        Assert.Equal("INVALID_STATE", Code(() => s.MidCall.Apply(a.Id, "conference", null, consultCallId: ringing.Id)));
        var bobs = s.Dvo.MakeCall("CTRIDbob", "1002");
        ((FakeLeg)bobs.RemoteLeg).Answer();
        ((FakeLeg)bobs.FarLeg!).Answer();
        Assert.Equal("NOT_SAME_DEVICE", Code(() => s.MidCall.Apply(a.Id, "conference", null, consultCallId: bobs.Id)));
        Assert.Empty(s.Legs.Conferences);
        Assert.Equal("Connected", a.State);
        Assert.Null(((FakeLeg)ringing.RemoteLeg).HungUpWith);
    }

    [Fact]
    public void The_persistent_connection_cannot_be_the_consult_call()
    {
        using var s = new CtiScenario();
        s.Rules.Book.Add("CTRIDalice", "94001", null, true);
        var pc = s.Persistent.Create("CTRIDalice", null, null);
        ((FakeLeg)pc.RemoteLeg).Answer();
        var a = Connected(s, "1000");
        Assert.Equal("NOT_ALLOWED_ON_PERSISTENT_CONNECTION", Code(() => s.MidCall.Apply(a.Id, "conference", null, consultCallId: pc.Id)));
    }

    [Theory]
    [InlineData("hold")]
    [InlineData("transfer")]
    [InlineData("redirect")]
    [InlineData("play")]
    public void A_conferenced_call_takes_only_disconnect_and_dtmf(string operation)
    {
        var (s, a, _) = Conferenced();
        using var _s = s;
        Assert.Equal("INVALID_STATE", Code(() => s.MidCall.Apply(a.Id, operation, null, destination: "1002")));
        s.MidCall.Apply(a.Id, "dtmf", "5");
        Assert.Contains(("rfc4733", "5"), s.Legs.DigitsSent);
    }
}
