using SipGateway.Media.Rtp;
using SipGateway.Sip.Sdp;

namespace SipGateway.Calls.CallControl;

/// <summary>The B2BUA's codec decisions, in one place: which offered codecs it can carry, and the RTP payload type of one.</summary>
internal static class CodecChoice
{
    /// <summary>What the relay and the players speak: the two G.711 laws, plus telephone-event.</summary>
    public static IReadOnlyList<SdpCodec> Local { get; } = [SdpCodec.Pcmu, SdpCodec.Pcma, SdpCodec.TelephoneEvent];

    /// <summary>The audio codecs of <paramref name="sdp"/>'s first audio stream that we support, in its order (no telephone-event).</summary>
    public static List<SdpCodec> Audio(SdpSessionDescription? sdp) =>
        sdp?.FirstAudio?.Codecs().Where(c => !c.IsTelephoneEvent && Local.Any(l => l.SameFormat(c))).ToList() ?? [];

    /// <summary>The first codec of <paramref name="audio"/> we support (an answer's: what its peer will send); null when none.</summary>
    public static SdpCodec? FirstSupported(SdpMediaDescription? audio)
    {
        if (audio is null) return null;
        foreach (var c in audio.Codecs())
            if (!c.IsTelephoneEvent && IsLocal(c)) return c;
        return null;
    }

    private static bool IsLocal(SdpCodec codec)
    {
        foreach (var l in Local)
            if (l.SameFormat(codec)) return true;
        return false;
    }

    /// <summary>The codec to answer a caller's offer with: <paramref name="preferred"/> when offered (no transcoding),
    /// else the caller's first G.711 codec, which the relay converts.</summary>
    public static SdpCodec ForCaller(SdpSessionDescription offer, SdpCodec preferred)
    {
        var offered = Audio(offer);
        return offered.Count == 0 || offered.Any(c => c.SameFormat(preferred)) ? preferred : offered[0];
    }

    /// <summary>RTP payload type for a G.711 codec (PCMU when unknown).</summary>
    public static int PayloadType(SdpCodec? codec) =>
        codec is not null && codec.SameFormat(SdpCodec.Pcma) ? RtpPayloadTypes.Pcma : RtpPayloadTypes.Pcmu;
}
