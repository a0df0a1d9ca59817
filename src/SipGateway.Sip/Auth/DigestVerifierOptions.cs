namespace SipGateway.Sip.Auth;

public sealed class DigestVerifierOptions
{
    /// <summary>
    /// Algorithms offered, one challenge each, in order of preference: SHA-256 first, then MD5 for older phones
    /// (RFC 8760 §2.4: the UAS lists challenges by preference; RFC 7616 §3.7).
    /// </summary>
    public IReadOnlyList<DigestAlgorithm> Algorithms { get; init; } = [DigestAlgorithm.Sha256, DigestAlgorithm.Md5];

    /// <summary>Accept MD5 answers without qop from RFC 2069-era clients (RFC 2617 §3.2.2). Such answers carry no nc,
    /// so replays within the nonce lifetime cannot be detected.</summary>
    public bool AllowNoQop { get; init; } = true;

    /// <summary>Require the uri parameter to match the Request-URI (RFC 7616 §3.4.6).</summary>
    public bool CheckUri { get; init; } = true;

    /// <summary>How many nonces' counts are remembered at most (bounded memory for replay detection).</summary>
    public int NonceCountCapacity { get; init; } = 10_000;
}
