namespace SipGateway.Calls.CallControl;

/// <summary>
/// Where a call through the B2BUA stands, after pjsip's invite session states (pjsip-ua/sip_inv.h) seen from the caller's
/// INVITE. pjsip's NULL has no counterpart: a call exists from its INVITE on. The legal moves are in
/// <see cref="CallStateTransitions"/>, the one place that refuses the others.
/// </summary>
public enum CallState
{
    /// <summary>The caller's INVITE is in: admission, digit analysis, targets (pjsip INCOMING).</summary>
    Incoming,
    /// <summary>Outbound INVITEs are out, no target has answered with a provisional yet (pjsip CALLING, on the far side).</summary>
    Calling,
    /// <summary>A target rings or sends early media (pjsip EARLY).</summary>
    Early,
    /// <summary>Answered: the caller's 2xx is out, its ACK not yet in (pjsip CONNECTING).</summary>
    Connecting,
    /// <summary>Both sides are up (pjsip CONFIRMED).</summary>
    Confirmed,
    /// <summary>Confirmed, with one side holding the other (its last offer was sendonly, inactive or c=0.0.0.0).</summary>
    Held,
    /// <summary>Ended, its cause recorded (pjsip DISCONNECTED). Final.</summary>
    Disconnected,
}
