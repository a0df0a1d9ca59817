namespace SipGateway.Features.ExtendConnect.Calls;

/// <summary>
/// One leg the gateway places for a CTI request (to the remote destination, or to the dialled party). The SIP
/// implementation wraps a B2BUA originated leg; tests drive a fake one.
/// </summary>
public interface ICtiLeg
{
    string Id { get; }
    bool IsAnswered { get; }
    bool IsEnded { get; }
    /// <summary>The SIP Call-ID of the leg once sent (for logs and events).</summary>
    string? SipCallId { get; }

    event Action<ICtiLeg>? Ringing;
    event Action<ICtiLeg>? Answered;
    /// <summary>Ended before or after answer, with the SIP status (or 200 for a normal hang-up) and reason.</summary>
    event Action<ICtiLeg, int, string>? Ended;

    void Start();
    void Hangup(int code, string reason);
}
