using SipGateway.Sip.Sdp;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// The RTP profiles the anchored media can carry. The relay speaks plain RTP: RTP/AVP (RFC 3551) and RTP/AVPF, whose
/// feedback it ignores (RFC 4585 §5 keeps AVPF compatible with AVP). Secure profiles (RTP/SAVP, RTP/SAVPF,
/// UDP/TLS/RTP/SAVP) need keys the relay does not have yet: an offer or answer that uses one cannot be anchored, so
/// the call fails with 488 and a Warning naming the profile (RFC 3261 §20.43, code 302: incompatible transport).
/// </summary>
internal static class MediaProfile
{
    /// <summary>RFC 3261 §20.43 warn-code 302: "Incompatible transport protocol".</summary>
    public const int IncompatibleTransportWarning = 302;

    /// <summary>RFC 3261 §20.43 warn-code 305: "Incompatible media format".</summary>
    public const int IncompatibleFormatWarning = 305;

    public static bool IsSupported(string protocol) => protocol.StartsWith("RTP/AVP", StringComparison.Ordinal);

    /// <summary>Why the audio stream of <paramref name="sdp"/> cannot be relayed because of its profile; null when it can.</summary>
    public static string? Unsupported(SdpSessionDescription sdp) =>
        sdp.FirstAudio is { } audio && !IsSupported(audio.Protocol) ? $"{audio.Protocol} is not supported yet" : null;
}
