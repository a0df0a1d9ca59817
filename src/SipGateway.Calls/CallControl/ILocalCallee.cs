namespace SipGateway.Calls.CallControl;

/// <summary>
/// The far end of a call the gateway answers itself (<see cref="LocalAnswer"/>), one object per call. Both methods are
/// called on a SIP or teardown thread and must not block.
/// </summary>
public interface ILocalCallee
{
    /// <summary>The caller has its 200 and the RTP leg facing it runs: the callee may play to it, read from it, join
    /// it to another leg, or hang up. Not called when the caller could not be answered.</summary>
    void Answered(LocallyAnsweredCall call);

    /// <summary>The call ended (exactly once, after <see cref="Answered"/> or instead of it): let go of what was held
    /// for it. <paramref name="cause"/> is the call's cause text, "not answered" when the caller was never answered
    /// (no common codec, no RTP port), "call ended" when the call had none.</summary>
    void Ended(string cause);
}
