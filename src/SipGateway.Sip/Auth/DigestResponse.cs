namespace SipGateway.Sip.Auth;

/// <summary>The digest computation of RFC 7616 §3.4.1–§3.4.3 (and RFC 2617 §3.2.2.1 without qop). Pure functions.</summary>
public static class DigestResponse
{
    /// <summary>H(unq(username) ":" unq(realm) ":" passwd): the HA1 of a non-session algorithm.</summary>
    public static string Ha1(DigestAlgorithm algorithm, string username, string realm, string password) =>
        algorithm.Hash($"{username}:{realm}:{password}");

    /// <summary>
    /// The request-digest. <paramref name="baseHa1"/> is H(user:realm:password); for "-sess" algorithms it is
    /// extended with nonce and cnonce here (RFC 7616 §3.4.2). <paramref name="body"/> matters only for auth-int.
    /// </summary>
    public static string Compute(DigestAlgorithm algorithm, string baseHa1, string nonce, string? cnonce, string? qop,
        string? nonceCountText, string method, string uri, ReadOnlySpan<byte> body = default)
    {
        var ha1 = algorithm.IsSession ? algorithm.Hash($"{baseHa1}:{nonce}:{cnonce}") : baseHa1;
        var ha2 = string.Equals(qop, DigestQop.AuthInt, StringComparison.OrdinalIgnoreCase)
            ? algorithm.Hash($"{method}:{uri}:{algorithm.Hash(body)}")
            : algorithm.Hash($"{method}:{uri}");
        return qop is null
            ? algorithm.Hash($"{ha1}:{nonce}:{ha2}")
            : algorithm.Hash($"{ha1}:{nonce}:{nonceCountText}:{cnonce}:{qop}:{ha2}");
    }

    /// <summary>The response the given credentials should carry for this method, body and secret; null if the secret has no HA1 for the algorithm.</summary>
    public static string? Expected(DigestCredentials credentials, DigestAlgorithm algorithm, DigestSecret secret, string method,
        ReadOnlySpan<byte> body = default)
    {
        var ha1 = secret.BaseHa1(algorithm, credentials.Username, credentials.Realm);
        if (ha1 is null) return null;
        return Compute(algorithm, ha1, credentials.Nonce, credentials.Cnonce, credentials.Qop, credentials.NonceCountText,
            method, credentials.Uri, body);
    }
}
