using SipGateway.Features.ExtendConnect.RemoteDestinations;

namespace SipGateway.Features.ExtendConnect;

/// <summary>Extend and Connect settings ("ExtendConnect" and "Cti" config sections).</summary>
public sealed record ExtendConnectOptions
{
    /// <summary>UCM allows 4 remote destinations per CTI remote device by default, at most 10.</summary>
    public const int DefaultMaxRemoteDestinations = 4;
    public const int UpperMaxRemoteDestinations = 10;

    /// <summary>ExtendConnect:MaxRemoteDestinations (1..10).</summary>
    public int MaxRemoteDestinations { get; init; } = DefaultMaxRemoteDestinations;

    /// <summary>ExtendConnect:ApplicationDialRules, applied in order to every remote destination (first match wins).</summary>
    public IReadOnlyList<ApplicationDialRule> ApplicationDialRules { get; init; } = [];

    /// <summary>Cti:Applications:&lt;name&gt;:ApiKey — the bearer key identifying each CTI application.</summary>
    public IReadOnlyDictionary<string, string> ApiKeys { get; init; } = new Dictionary<string, string>();

    /// <summary>ExtendConnect:PersistentConnectionMaxMinutes: UCM's longest active call timer that drops a persistent connection.</summary>
    public TimeSpan PersistentConnectionMaxDuration { get; init; } = TimeSpan.FromMinutes(720);

    /// <summary>ExtendConnect:VoiceConnectName: the caller name shown on the remote destination for Dial Via Office.</summary>
    public string VoiceConnectName { get; init; } = "Voice Connect";

    /// <summary>ExtendConnect:UriTrunk: the trunk (a name in Trunks) that directory-URI remote destinations
    /// (alice@example.com) are sent to; null: URI destinations are not routable (RD_NOT_REACHABLE).</summary>
    public string? UriTrunk { get; init; }

    /// <summary>The CTI remote devices (Devices with Type CtiRemoteDevice).</summary>
    public IReadOnlyList<RemoteDevice> Devices { get; init; } = [];

    /// <summary>The zip tone (Media:Tones:Zip) played to the remote destination before a customer joins a persistent connection.</summary>
    public Media.Tones.ToneSpec? ZipTone { get; init; }

    /// <summary>ExtendConnect:WhisperAnnouncement (a Media:Announcements name): played to the agent before the zip tone; null: none.</summary>
    public Media.Audio.AudioClip? WhisperAnnouncement { get; init; }

    /// <summary>The announcements a persistent-connection request may name as its whisper (Media:Announcements).</summary>
    public Media.Audio.AnnouncementLibrary? Announcements { get; init; }
}
