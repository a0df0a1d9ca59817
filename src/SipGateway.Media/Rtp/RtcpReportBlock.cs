namespace SipGateway.Media.Rtp;

/// <summary>One reception report block of an SR or RR (RFC 3550 §6.4.1), 24 bytes on the wire.</summary>
public readonly record struct RtcpReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequence,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport)
{
    public const int Size = 24;
}
