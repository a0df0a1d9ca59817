namespace SipGateway.Sip.Message;

/// <summary>Random identifiers: tags (§19.3: at least 32 bits of randomness), branches (§8.1.1.7) and Call-IDs.</summary>
public static class SipTags
{
    public static string New() => PooledRandom.Hex(6);

    public static string NewBranch() => ViaHeader.MagicCookie + PooledRandom.Hex(8);

    public static string NewCallId(string host) => PooledRandom.Hex(12) + "@" + host;
}
