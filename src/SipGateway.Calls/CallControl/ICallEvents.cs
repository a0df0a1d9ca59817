namespace SipGateway.Calls.CallControl;

/// <summary>
/// What happens to calls, for consumers that watch them (CDRs, CTI): registered with the B2BUA by the host, told in
/// registration order, on the thread that made it happen (keep it short). A consumer implements the events it wants;
/// one that throws is logged and the call goes on. Call control names no consumer.
/// </summary>
public interface ICallEvents
{
    /// <summary>A caller's INVITE was admitted and analysed (called and calling numbers are final).</summary>
    void Offered(Call call) { }

    /// <summary>The first target rings (or sends early media).</summary>
    void Alerting(Call call) { }

    /// <summary>The call was answered (by a target: <see cref="Call.AnsweredBy"/>, or by the gateway itself).</summary>
    void Answered(Call call) { }

    /// <summary>A ringing call was sent elsewhere before anyone answered (a deflection, RFC 5806 reason "deflection"): what
    /// it was offered to is withdrawn, and it goes on to the new destination's targets.</summary>
    void Deflected(Call call) { }

    /// <summary>One side put the other on hold (<paramref name="held"/>), or took it off.</summary>
    void Held(Call call, bool held) { }

    /// <summary>A transfer joined one of this call's parties to another.</summary>
    void Transferred(Call call) { }

    /// <summary>The call ended; its cause, times and legs are final.</summary>
    void Ended(Call call) { }
}
