using SipGateway.Sip.Message;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// What happens to an <see cref="OutboundAttempt"/>, told to whoever placed it (the B2BUA for a call's attempts, the
/// originator for its legs); handlers run on the thread that received the response or fired the timer.
/// </summary>
internal interface IOutboundAttemptEvents
{
    /// <summary>Just before the INVITE leaves: the owner records the attempt so a fast answer finds it.</summary>
    void OnSending(OutboundAttempt attempt);

    void OnProvisional(OutboundAttempt attempt, SipResponse response);

    /// <summary>The final response (received or synthesised by the transaction); the attempt's timers are stopped.</summary>
    void OnFinal(OutboundAttempt attempt, SipResponse response);

    /// <summary>No response at all within Calls:MemberSetupTimeoutSeconds: the member is down, try the next.</summary>
    void OnSilent(OutboundAttempt attempt);

    /// <summary>Nobody answered within the ring time.</summary>
    void OnNoAnswer(OutboundAttempt attempt);
}
