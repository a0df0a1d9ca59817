using SipGateway.Calls.CallControl;

namespace SipGateway.Calls.Tests.CallControl;

public class CallStateTransitionsTests
{
    [Theory]
    [InlineData(CallState.Incoming, CallState.Calling)]
    [InlineData(CallState.Incoming, CallState.Early)]
    [InlineData(CallState.Incoming, CallState.Connecting)] // the gateway answers itself (paging, conference)
    [InlineData(CallState.Calling, CallState.Early)]
    [InlineData(CallState.Calling, CallState.Connecting)]
    [InlineData(CallState.Early, CallState.Connecting)]
    [InlineData(CallState.Connecting, CallState.Confirmed)]
    [InlineData(CallState.Connecting, CallState.Held)]
    [InlineData(CallState.Confirmed, CallState.Held)]
    [InlineData(CallState.Held, CallState.Confirmed)]
    [InlineData(CallState.Incoming, CallState.Disconnected)]
    [InlineData(CallState.Early, CallState.Disconnected)]
    [InlineData(CallState.Held, CallState.Disconnected)]
    public void A_session_moves_forward(CallState from, CallState to) => Assert.True(CallStateTransitions.Allows(from, to));

    [Theory]
    [InlineData(CallState.Incoming, CallState.Confirmed)] // an answer always passes through Connecting (the caller's ACK)
    [InlineData(CallState.Early, CallState.Confirmed)]
    [InlineData(CallState.Early, CallState.Early)]        // only the first ring is one
    [InlineData(CallState.Early, CallState.Calling)]
    [InlineData(CallState.Connecting, CallState.Early)]
    [InlineData(CallState.Confirmed, CallState.Connecting)]
    [InlineData(CallState.Early, CallState.Held)]         // nothing to hold before an answer
    [InlineData(CallState.Held, CallState.Held)]
    public void Illegal_moves_are_refused(CallState from, CallState to) => Assert.False(CallStateTransitions.Allows(from, to));

    [Fact]
    public void A_disconnected_call_never_moves_again()
    {
        foreach (var to in Enum.GetValues<CallState>())
            Assert.False(CallStateTransitions.Allows(CallState.Disconnected, to), $"Disconnected -> {to}");
    }

    [Fact]
    public void Every_live_state_can_end()
    {
        foreach (var from in Enum.GetValues<CallState>().Where(s => s != CallState.Disconnected))
            Assert.True(CallStateTransitions.Allows(from, CallState.Disconnected), $"{from} -> Disconnected");
    }

    [Theory]
    [InlineData(CallState.Incoming, "Routing")]
    [InlineData(CallState.Calling, "Routing")]
    [InlineData(CallState.Early, "Ringing")]
    [InlineData(CallState.Connecting, "Answered")]
    [InlineData(CallState.Confirmed, "Answered")]
    [InlineData(CallState.Held, "Answered")]
    [InlineData(CallState.Disconnected, "Ended")]
    public void The_api_keeps_its_state_names(CallState state, string shown) => Assert.Equal(shown, CallStateTransitions.ViewName(state));
}
