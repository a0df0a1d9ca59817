namespace SipGateway.Calls.CallControl;

/// <summary>The legal moves of a <see cref="CallState"/>, in one place: a call refuses every other.</summary>
public static class CallStateTransitions
{
    public static bool Allows(CallState from, CallState to) => (from, to) switch
    {
        (CallState.Disconnected, _) => false,
        (_, CallState.Disconnected) => true,
        (CallState.Incoming, CallState.Calling or CallState.Early or CallState.Connecting) => true,
        (CallState.Calling, CallState.Early or CallState.Connecting) => true,
        (CallState.Early, CallState.Connecting) => true,
        // The callee may hold (a re-INVITE on its confirmed leg) before the caller's ACK is in.
        (CallState.Connecting, CallState.Confirmed or CallState.Held) => true,
        (CallState.Confirmed, CallState.Held) => true,
        (CallState.Held, CallState.Confirmed) => true,
        _ => false,
    };

    /// <summary>What GET /api/calls shows (its "state" values are a contract: Routing, Ringing, Answered, Ended).</summary>
    public static string ViewName(CallState state) => state switch
    {
        CallState.Incoming or CallState.Calling => "Routing",
        CallState.Early => "Ringing",
        CallState.Disconnected => "Ended",
        _ => "Answered",
    };
}
