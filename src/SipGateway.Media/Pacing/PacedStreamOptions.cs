using SipGateway.Media.Rtp;

namespace SipGateway.Media.Pacing;

/// <summary>RTP parameters of one paced stream (from the negotiated SDP).</summary>
public sealed record PacedStreamOptions
{
    /// <summary>0 (PCMU) or 8 (PCMA).</summary>
    public int PayloadType { get; init; } = RtpPayloadTypes.Pcmu;

    /// <summary>Packetisation time in ms (SDP a=ptime; 10..60, a multiple of 10 keeps frames whole).</summary>
    public int PtimeMs { get; init; } = 20;

    /// <summary>SSRC; random if not given (RFC 3550 §8.1).</summary>
    public uint? Ssrc { get; init; }

    public ushort? InitialSequence { get; init; }
    public uint? InitialTimestamp { get; init; }

    /// <summary>Delay before the first packet.</summary>
    public TimeSpan StartDelay { get; init; } = TimeSpan.Zero;
}
