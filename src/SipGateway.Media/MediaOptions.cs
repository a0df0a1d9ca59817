using SipGateway.Media.Multicast;
using SipGateway.Media.Tones;

namespace SipGateway.Media;

/// <summary>The "Media" configuration section the host binds and validates.</summary>
public sealed class MediaOptions
{
    /// <summary>Address RTP sockets bind to and SDP advertises.</summary>
    public string Address { get; set; } = "127.0.0.1";

    /// <summary>RTP port range; even ports RTP, odd RTCP.</summary>
    public string PortRange { get; set; } = "20000-29999";

    /// <summary>Folder of the announcement files (relative paths resolve against the content root).</summary>
    public string Directory { get; set; } = "media";

    /// <summary>Announcement name → file in <see cref="Directory"/>. Defaults are the files shipped in media/.</summary>
    public Dictionary<string, string> Announcements { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["VoiceConnect"] = "voice-connect.wav",
        ["NotInService"] = "not-in-service.wav",
        ["HoldMusic"] = "hold-music.wav",
    };

    public ToneOptions Tones { get; set; } = new();

    public MulticastOptions Multicast { get; set; } = new();

    /// <summary>Packetisation time of the streams the gateway originates.</summary>
    public int PtimeMs { get; set; } = 20;

    /// <summary>Timer threads shared by all paced streams.</summary>
    public int PacingThreads { get; set; } = 2;

    /// <summary>Mean RTCP report interval (RFC 3550 §6.2 recommends 5 s minimum).</summary>
    public int RtcpIntervalSeconds { get; set; } = 5;
}
