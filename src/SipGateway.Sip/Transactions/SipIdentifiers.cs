using SipGateway.Sip.Message;

namespace SipGateway.Sip.Transactions;

/// <summary>Fresh branches, tags and Call-IDs. Cryptographically random so they are globally unique (§8.1.1.4, §8.1.1.7, §19.3) and unguessable.</summary>
public static class SipIdentifiers
{
    public static string NewBranch() => SipTags.NewBranch();

    public static string NewTag() => SipTags.New();

    public static string NewCallId() => PooledRandom.Hex(12);

    /// <summary>A random initial sequence number below 2**31 (§8.1.1.5, RFC 3262 §3 for RSeq).</summary>
    public static uint NewSequenceNumber() => (uint)PooledRandom.Int32(1, 1 << 20);
}
