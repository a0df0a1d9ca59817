namespace SipGateway.Sip.Auth;

public enum NonceStatus
{
    /// <summary>Issued by this issuer and not expired.</summary>
    Valid,
    /// <summary>Issued by this issuer but past its lifetime: answer with stale=true (RFC 7616 §3.3).</summary>
    Expired,
    /// <summary>Not issued by this issuer (forged, altered, from another instance, or garbage).</summary>
    Unknown,
}
