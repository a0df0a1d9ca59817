using SipGateway.Calls.CallControl;

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
}
