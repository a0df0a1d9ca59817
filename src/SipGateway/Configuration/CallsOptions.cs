namespace SipGateway.Configuration;

/// <summary>The "Calls" section: call control timers.</summary>
public sealed class CallsOptions
{
    /// <summary>A route member silent this long (no response at all) is skipped for the next one.</summary>
    public int MemberSetupTimeoutSeconds { get; set; } = 5;
    /// <summary>Ringing longer than this ends the attempt (CANCEL, 480 to the caller).</summary>
    public int NoAnswerTimeoutSeconds { get; set; } = 120;
    /// <summary>SIP OPTIONS keepalive to every trunk; 0 turns it off.</summary>
    public int OptionsPingSeconds { get; set; } = 30;
    /// <summary>RFC 4028 session interval asked for and accepted; 0 turns session timers off.</summary>
    public int SessionExpiresSeconds { get; init; } = 1800;
    /// <summary>RFC 4028 Min-SE: shorter session intervals are refused with 422.</summary>
    public int MinSessionExpiresSeconds { get; init; } = 90;
    /// <summary>Announcement (Media:Announcements name) held parties hear; empty: silence.</summary>
    public string MusicOnHold { get; init; } = "HoldMusic";
    /// <summary>Play ringback (Media:Tones:Ringback) in a 183 when the called side sends 180 without SDP.</summary>
    public bool GenerateRingback { get; init; } = true;
    /// <summary>Meet-me conference numbers (a call to one joins that number's bridge).</summary>
    public IReadOnlyList<string> MeetMeNumbers { get; init; } = [];
    /// <summary>Announcement (Media:Announcements name) played before 404 for an unallocated number; empty: none.</summary>
    public string? UnallocatedAnnouncement { get; init; }
    /// <summary>Calls up at once before new ones get 503; 0: as many as the process's open-file limit allows (<see cref="OpenFileLimit"/>).</summary>
    public int MaxCalls { get; init; }
}
