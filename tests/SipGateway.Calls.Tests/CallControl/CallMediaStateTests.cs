using SipGateway.Calls.CallControl;
using SipGateway.Calls.Tests.CallControl.Support;

namespace SipGateway.Calls.Tests.CallControl;

/// <summary>The state a call owns for its media: hold and resume, the relay, early media (Call's methods, not its callers).</summary>
public sealed class CallMediaStateTests : IDisposable
{
    private readonly TestCalls _calls = new();

    public void Dispose() => _calls.Dispose();

    private Call Answered()
    {
        var call = _calls.NewCall();
        TestCalls.KnowRemotes(call);
        Assert.True(call.Answer(DateTimeOffset.UnixEpoch));
        call.Confirm();
        Assert.NotNull(call.ConnectMedia(early: false));
        return call;
    }

    [Fact]
    public void Nothing_is_held_before_the_answer()
    {
        var call = _calls.NewCall();
        Assert.True(call.Ring());

        Assert.False(call.HoldFrom(call.Inbound!, held: true, out _));
        Assert.False(call.Inbound!.HeldByPeer);
        Assert.Equal(CallState.Early, call.State);
    }

    [Fact]
    public void A_hold_stops_the_relay_both_ways_and_music_goes_to_the_other_side()
    {
        var call = Answered();

        Assert.True(call.HoldFrom(call.Inbound!, held: true, out var listener));

        Assert.Same(call.Outbound, listener);
        Assert.Equal(CallState.Held, call.State);
        Assert.True(call.Inbound!.HeldByPeer);
        Assert.Null(call.Inbound.Media.Forward);
        Assert.Null(call.Outbound!.Media.Forward);
        // The same hold offer again (a refresh) changes nothing.
        Assert.False(call.HoldFrom(call.Inbound, held: true, out _));
    }

    [Fact]
    public void The_call_resumes_only_when_neither_side_holds()
    {
        var call = Answered();
        call.HoldFrom(call.Inbound!, held: true, out _);
        Assert.True(call.HoldFrom(call.Outbound!, held: true, out _));
        Assert.Equal(CallState.Held, call.State);

        Assert.True(call.HoldFrom(call.Inbound!, held: false, out _));
        Assert.Equal(CallState.Held, call.State);
        Assert.Null(call.Inbound!.Media.Forward);

        Assert.True(call.HoldFrom(call.Outbound!, held: false, out _));
        Assert.Equal(CallState.Confirmed, call.State);
        Assert.Same(call.Outbound!.Media, call.Inbound.Media.Forward);
        Assert.Same(call.Inbound.Media, call.Outbound.Media.Forward);
    }

    [Fact]
    public void The_callee_may_hold_before_the_callers_ACK()
    {
        var call = _calls.NewCall();
        call.Answer(DateTimeOffset.UnixEpoch);

        Assert.True(call.HoldFrom(call.Outbound!, held: true, out _));
        Assert.Equal(CallState.Held, call.State);
        call.Confirm(); // the ACK does not undo the hold
        Assert.Equal(CallState.Held, call.State);
    }

    [Fact]
    public void Media_is_relayed_once_and_only_at_its_stage()
    {
        var call = _calls.NewCall();
        Assert.Null(call.ConnectMedia(early: true)); // no remote address yet
        TestCalls.KnowRemotes(call);
        Assert.Null(call.ConnectMedia(early: false)); // not answered

        var early = call.ConnectMedia(early: true);
        Assert.NotNull(early);
        call.Answer(DateTimeOffset.UnixEpoch);
        Assert.Null(call.ConnectMedia(early: false)); // the answer keeps the early relay
        Assert.Same(early, call.Relay);
    }

    [Fact]
    public void An_ended_call_gets_no_relay()
    {
        var call = _calls.NewCall();
        TestCalls.KnowRemotes(call);
        call.End(487, "Request Terminated", DateTimeOffset.UnixEpoch);

        Assert.Null(call.ConnectMedia(early: true));
        Assert.Null(call.Relay);
    }

    [Fact]
    public void The_first_early_media_wins()
    {
        var call = _calls.NewCall();
        var first = _calls.Attempt(call, "fork-1");
        var second = _calls.Attempt(call, "fork-2");

        Assert.True(call.TakeEarlyMedia(first));
        Assert.False(call.TakeEarlyMedia(second));
        Assert.Same(first, call.EarlyMediaFrom);
    }

    [Fact]
    public void No_early_media_without_the_callers_offer_or_after_the_answer()
    {
        var delayedOffer = _calls.NewCall(withOffer: false);
        Assert.False(delayedOffer.TakeEarlyMedia(_calls.Attempt(delayedOffer, "fork")));

        var answered = _calls.NewCall();
        answered.Answer(DateTimeOffset.UnixEpoch);
        Assert.False(answered.TakeEarlyMedia(_calls.Attempt(answered, "late")));
        Assert.Null(answered.EarlyMediaFrom);
    }
}
