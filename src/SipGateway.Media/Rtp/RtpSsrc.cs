namespace SipGateway.Media.Rtp;

/// <summary>Random SSRC and initial sequence/timestamp values (RFC 3550 §5.1 and §8.1: they SHOULD be random, so that
/// two sources rarely collide). <see cref="Random.Shared"/> (seeded by the OS) is enough for that; these are not
/// secrets. Each call creates several of them on the SIP thread, and RandomNumberGenerator is a trip into OpenSSL
/// (perf: libcrypto took 2-3 % of the SIP threads at 2,400 calls/s).</summary>
public static class RtpSsrc
{
    public static uint NewSsrc()
    {
        uint ssrc;
        do ssrc = (uint)Random.Shared.NextInt64(0, 1L << 32); while (ssrc == 0);
        return ssrc;
    }

    public static ushort NewSequence() => (ushort)Random.Shared.Next(0, 0x8000); // low half: room before the first wrap

    public static uint NewTimestamp() => (uint)Random.Shared.Next(0, int.MaxValue);
}
