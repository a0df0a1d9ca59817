namespace SipGateway.Calls.CallControl;

/// <summary>Call control settings ("Calls" config section).</summary>
public sealed record CallControlOptions
{
    /// <summary>The address our SDP advertises for RTP (Sip:PublicAddress when set, else Media:Address).</summary>
    public required string MediaAddress { get; init; }
    public required string Domain { get; init; }
    /// <summary>A route member that sends no response at all within this time is abandoned for the next (UCM route group failover).</summary>
    public TimeSpan MemberSetupTimeout { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>Ringing longer than this ends the attempt with 480 (no answer).</summary>
    public TimeSpan NoAnswerTimeout { get; init; } = TimeSpan.FromSeconds(120);
    public string UserAgent { get; init; } = "SipGateway";
}
