using System.Security.Cryptography;
using SipGateway.Sip.Message;

namespace SipGateway.Sip.Transactions;

/// <summary>Fresh branches, tags and Call-IDs. Cryptographically random so they are globally unique (§8.1.1.4, §8.1.1.7, §19.3) and unguessable.</summary>
public static class SipIdentifiers
{
    public static string NewBranch() => ViaHeader.MagicCookie + RandomNumberGenerator.GetHexString(16, lowercase: true);

    public static string NewTag() => RandomNumberGenerator.GetHexString(12, lowercase: true);

    public static string NewCallId() => RandomNumberGenerator.GetHexString(24, lowercase: true);

    /// <summary>A random initial sequence number below 2**31 (§8.1.1.5, RFC 3262 §3 for RSeq).</summary>
    public static uint NewSequenceNumber() => (uint)RandomNumberGenerator.GetInt32(1, 1 << 20);
}
