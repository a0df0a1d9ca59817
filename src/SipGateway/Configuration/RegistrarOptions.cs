namespace SipGateway.Configuration;

/// <summary>The "Registrar" section (RFC 3261 §10.3): expiry bounds for bindings.</summary>
public sealed class RegistrarOptions
{
    public int MinExpires { get; set; } = 60;
    public int MaxExpires { get; set; } = 3600;
    public int DefaultExpires { get; set; } = 3600;
    /// <summary>Digest nonce lifetime; an older nonce is answered with stale=true (RFC 7616 §3.3).</summary>
    public int NonceLifetimeSeconds { get; set; } = 300;
}
