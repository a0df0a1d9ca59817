namespace SipGateway.Sip.Auth;

/// <summary>The result of checking Digest credentials, and so which answer the request gets.</summary>
public enum DigestOutcome
{
    /// <summary>The response is right and the nonce is fresh and not replayed.</summary>
    Authenticated,
    /// <summary>No Digest credentials for our realm: challenge (RFC 3261 §22.1).</summary>
    Missing,
    /// <summary>Credentials for another realm: ignore them and challenge (RFC 3261 §22.4).</summary>
    RealmMismatch,
    /// <summary>Syntactically bad or incomplete credentials: 400 (RFC 2617 §3.2.2).</summary>
    Malformed,
    /// <summary>The uri parameter is not the Request-URI: 400 (RFC 7616 §3.4.6, RFC 2617 §3.2.2.5).</summary>
    UriMismatch,
    /// <summary>An algorithm or qop we did not offer: challenge again with what we support.</summary>
    Unsupported,
    /// <summary>The response does not match: wrong password or user. Challenge again (not stale).</summary>
    WrongResponse,
    /// <summary>The response matches but the nonce expired or is not ours: challenge with stale=true (RFC 7616 §3.3).</summary>
    Stale,
    /// <summary>The response matches but the nonce count did not increase: a replay (RFC 7616 §5.4). Challenge, not stale.</summary>
    Replayed,
}
