using System.Security.Cryptography;

namespace SipGateway.Sip.Message;

/// <summary>Random identifiers: tags (§19.3: at least 32 bits of randomness), branches (§8.1.1.7) and Call-IDs.</summary>
public static class SipTags
{
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public static string NewBranch() => ViaHeader.MagicCookie + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));

    public static string NewCallId(string host) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)) + "@" + host;
}
