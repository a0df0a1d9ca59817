using System.Security.Cryptography;

namespace SipGateway.Media.Rtp;

/// <summary>Random SSRC and initial sequence/timestamp values (RFC 3550 §5.1 and §8.1: they SHOULD be random).</summary>
public static class RtpSsrc
{
    public static uint NewSsrc() => (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue) ^ ((uint)RandomNumberGenerator.GetInt32(0, 2) << 31);

    public static ushort NewSequence() => (ushort)RandomNumberGenerator.GetInt32(0, 0x8000); // low half: room before the first wrap

    public static uint NewTimestamp() => (uint)RandomNumberGenerator.GetInt32(0, int.MaxValue);
}
