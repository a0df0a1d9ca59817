namespace SipGateway.Calls.Registration;

public sealed class RegistrarOptions
{
    /// <summary>The digest realm (config <c>Sip:Domain</c>).</summary>
    public string Realm { get; init; } = "sipgw.local";

    /// <summary>Shortest registration accepted; shorter ones get 423 with Min-Expires (RFC 3261 §10.3 step 7).</summary>
    public int MinExpires { get; init; } = 60;

    /// <summary>Longest registration granted; longer requests are shortened (RFC 3261 §10.3 step 7 allows it).</summary>
    public int MaxExpires { get; init; } = 3600;

    /// <summary>Used when the client states no expiry (RFC 3261 §10.2.1.1: the registrar chooses).</summary>
    public int DefaultExpires { get; init; } = 3600;

    /// <summary>Contacts kept per AOR; beyond it the oldest binding not refreshed by the request is dropped.</summary>
    public int MaxContactsPerAor { get; init; } = 10;

    /// <summary>How long a digest nonce stays valid before the answer is stale=true.</summary>
    public TimeSpan NonceLifetime { get; init; } = TimeSpan.FromMinutes(5);

    internal void Validate()
    {
        if (string.IsNullOrEmpty(Realm)) throw new ArgumentException("Realm is required");
        if (MinExpires < 0 || MaxExpires < MinExpires) throw new ArgumentException($"need 0 <= MinExpires ({MinExpires}) <= MaxExpires ({MaxExpires})");
        if (DefaultExpires <= 0) throw new ArgumentException($"DefaultExpires must be positive ({DefaultExpires})");
        if (MaxContactsPerAor < 1) throw new ArgumentException($"MaxContactsPerAor must be at least 1 ({MaxContactsPerAor})");
    }
}
