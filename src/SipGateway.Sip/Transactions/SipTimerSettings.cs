namespace SipGateway.Sip.Transactions;

/// <summary>
/// T1 (RTT estimate), T2 (cap on non-INVITE and response retransmit intervals) and T4 (how long a message lingers
/// in the network), RFC 3261 §17.1.1.1 and Table 4, and the timers derived from them.
/// </summary>
public sealed record SipTimerSettings
{
    public TimeSpan T1 { get; init; } = TimeSpan.FromMilliseconds(500);
    public TimeSpan T2 { get; init; } = TimeSpan.FromSeconds(4);
    public TimeSpan T4 { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Timer D on unreliable transports: "at least 32 seconds" (§17.1.1.2).</summary>
    public TimeSpan TimerD { get; init; } = TimeSpan.FromSeconds(32);

    /// <summary>How long an INVITE server transaction stays in Accepted once its 2xx has been ACKed (default T4, 5 s),
    /// instead of the rest of Timer L (64*T1 = 32 s on UDP). Timer L (RFC 6026 §7.1) absorbs INVITE retransmissions
    /// sent before the client had the 2xx; the ACK proves it has it, so only a duplicate delayed in the network can
    /// still come, and T4 is the RFC's own bound on how long the network holds a message (§17.1.2.2). Each lingering
    /// transaction holds its INVITE and 2xx with their SDP: 32 s of them at thousands of calls a second was most of
    /// the gateway's heap and GC time (bench/SipGateway.Calls.Bench). <see cref="TimeSpan.Zero"/> keeps full Timer L.</summary>
    public TimeSpan AcceptedAfterAck { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>64*T1: Timers B, F, H, J, L and the UAS 2xx and 100rel give-up (§13.3.1.4, RFC 3262 §3).</summary>
    public TimeSpan SixtyFourT1 => T1 * 64;

    public static SipTimerSettings Default { get; } = new();

    public void Validate()
    {
        if (T1 <= TimeSpan.Zero || T2 < T1 || T4 <= TimeSpan.Zero || TimerD < TimeSpan.Zero || AcceptedAfterAck < TimeSpan.Zero)
            throw new ArgumentException($"bad SIP timer settings: T1={T1}, T2={T2}, T4={T4}, D={TimerD}");
    }
}
