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
    /// <summary>What a held party hears (Media:Announcements:HoldMusic); none: silence.</summary>
    public Media.Audio.AudioClip? MusicOnHold { get; init; }
    /// <summary>Ringback generated toward a caller when the called side rings without early media; null: plain 180.</summary>
    public Media.Tones.ToneSpec? Ringback { get; init; }
    /// <summary>Played as early media before 404 to a caller dialling an unallocated number; null: plain 404.</summary>
    public Media.Audio.AudioClip? UnallocatedAnnouncement { get; init; }
    /// <summary>Meet-me conference numbers: a call to one joins its bridge (checked before digit analysis).</summary>
    public IReadOnlySet<string> MeetMeNumbers { get; init; } = new HashSet<string>();
    /// <summary>RFC 4028 session interval we ask for and accept (Session-Expires); 0 turns session timers off.</summary>
    public TimeSpan SessionExpires { get; init; } = TimeSpan.FromSeconds(1800);
    /// <summary>RFC 4028 Min-SE: shorter intervals are refused with 422.</summary>
    public TimeSpan MinSessionExpires { get; init; } = TimeSpan.FromSeconds(90);
    /// <summary>Calls up at once (in setup or answered); a new one beyond this gets 503 with Retry-After.</summary>
    public int MaxCalls { get; init; } = 4000;
}
