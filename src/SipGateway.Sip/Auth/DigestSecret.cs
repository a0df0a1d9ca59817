namespace SipGateway.Sip.Auth;

/// <summary>
/// What the server knows about a user: the password, or pre-computed HA1 values
/// (H(username:realm:password), RFC 7616 §3.4.2) per base algorithm so passwords need not be stored.
/// </summary>
public sealed class DigestSecret
{
    private readonly string? _password;
    private readonly Dictionary<string, string> _ha1 = new(StringComparer.OrdinalIgnoreCase);

    private DigestSecret(string? password) => _password = password;

    public static DigestSecret FromPassword(string password) => new(password ?? throw new ArgumentNullException(nameof(password)));

    public static DigestSecret FromHa1(DigestAlgorithm algorithm, string ha1Hex)
    {
        var s = new DigestSecret(null);
        return s.WithHa1(algorithm, ha1Hex);
    }

    /// <summary>Adds the HA1 for another algorithm (e.g. SHA-256 besides MD5).</summary>
    public DigestSecret WithHa1(DigestAlgorithm algorithm, string ha1Hex)
    {
        _ha1[algorithm.Base.Name] = ha1Hex.ToLowerInvariant();
        return this;
    }

    /// <summary>H(username:realm:password) for the algorithm's base hash, or null when only other HA1s are known.</summary>
    public string? BaseHa1(DigestAlgorithm algorithm, string username, string realm)
    {
        if (_password is not null) return DigestResponse.Ha1(algorithm, username, realm, _password);
        return _ha1.TryGetValue(algorithm.Base.Name, out var ha1) ? ha1 : null;
    }
}
