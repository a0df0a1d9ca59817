using SipGateway.Calls.CallControl;
using SipGateway.Sip.Sdp;

namespace SipGateway.Calls.Tests.CallControl;

public class CallRouteResultTests
{
    [Fact]
    public void Not_handled_lets_routing_go_on() => Assert.False(CallRouteResult.NotHandled.Handled);

    [Fact]
    public void A_rejection_carries_its_status_and_reason()
    {
        var r = CallRouteResult.Reject(403, "Forbidden (after hours)");
        Assert.True(r.Handled);
        Assert.Equal(403, r.Code);
        Assert.Equal("Forbidden (after hours)", r.Reason);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(180)]
    [InlineData(700)]
    public void A_rejection_must_be_a_final_failure_status(int code) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CallRouteResult.Reject(code, "x"));

    [Fact]
    public void A_rejection_needs_a_reason() => Assert.Throws<ArgumentException>(() => CallRouteResult.Reject(480, " "));

    [Fact]
    public void An_answer_takes_the_call_and_carries_the_local_answer()
    {
        var answer = new LocalAnswer([SdpCodec.Pcmu], new SilentCallee()) { RouteMember = "Conference 8000" };
        var r = CallRouteResult.Answer(answer);
        Assert.True(r.Handled);
        Assert.Same(answer, r.LocalAnswer);
        Assert.Equal(0, r.Code);
        Assert.Null(r.Reason);
    }

    [Fact]
    public void Neither_not_handled_nor_a_rejection_carries_a_local_answer()
    {
        Assert.Null(CallRouteResult.NotHandled.LocalAnswer);
        Assert.Null(CallRouteResult.Reject(486, "Busy Here").LocalAnswer);
    }

    [Fact]
    public void An_answer_needs_a_local_answer() => Assert.Throws<ArgumentNullException>(() => CallRouteResult.Answer(null!));

    private sealed class SilentCallee : ILocalCallee
    {
        public void Answered(LocallyAnsweredCall call) { }
        public void Ended(string cause) { }
    }
}
