using System.Security.Cryptography;
using SipGateway.Sip.Message;

namespace SipGateway.Sip.Auth;

/// <summary>
/// Client side of Digest (RFC 3261 §22.2–§22.3, RFC 7616 §3.4): answers a 401/407 challenge for one set of
/// credentials, e.g. the gateway registering to a trunk. Keeps the nonce count per nonce so reused nonces
/// carry an increasing nc. Thread-safe.
/// </summary>
public sealed class DigestClient
{
    private const int MaxRememberedNonces = 16;

    private readonly object _gate = new();
    private readonly Dictionary<string, uint> _counts = new(StringComparer.Ordinal);
    private readonly Queue<string> _nonceOrder = new();
    private readonly Func<string> _cnonce;

    /// <param name="cnonceFactory">Produces client nonces; tests pass a fixed one, the default is 16 random bytes in hex.</param>
    public DigestClient(string username, string password, Func<string>? cnonceFactory = null)
    {
        Username = username;
        Password = password;
        _cnonce = cnonceFactory ?? (() => RandomNumberGenerator.GetHexString(32, lowercase: true));
    }

    public string Username { get; }

    public string Password { get; }

    /// <summary>
    /// Picks the challenge to answer: the strongest algorithm we support (SHA-256 before MD5, RFC 8760 §2.4),
    /// and only challenges offering qop=auth or no qop at all. Null when none can be answered.
    /// </summary>
    public static DigestChallenge? Choose(IEnumerable<DigestChallenge> challenges)
    {
        DigestChallenge? best = null;
        int bestRank = -1;
        foreach (var c in challenges)
        {
            if (!DigestAlgorithm.TryGet(c.Algorithm, out var algorithm)) continue;
            if (c.Qop.Count > 0 && !c.OffersQop(DigestQop.Auth)) continue;
            if (c.UserHash) continue;
            int rank = (algorithm.Base == DigestAlgorithm.Sha256 ? 2 : 0) + (algorithm.IsSession ? 0 : 1);
            if (rank > bestRank)
            {
                best = c;
                bestRank = rank;
            }
        }
        return best;
    }

    /// <summary>The credentials answering <paramref name="challenge"/> for a request with this method and Request-URI.</summary>
    public DigestCredentials Answer(DigestChallenge challenge, string method, string uri, ReadOnlySpan<byte> body = default)
    {
        if (!DigestAlgorithm.TryGet(challenge.Algorithm, out var algorithm))
            throw new NotSupportedException($"unsupported digest algorithm '{challenge.Algorithm}'");
        // qop=auth whenever offered; without qop the RFC 2069 form is used (RFC 7616 §3.4, RFC 2617 §3.2.2).
        string? qop = challenge.Qop.Count == 0 ? null
            : challenge.OffersQop(DigestQop.Auth) ? DigestQop.Auth
            : throw new NotSupportedException("only qop=auth is supported");
        string? cnonce = qop is not null || algorithm.IsSession ? _cnonce() : null;
        uint? nc = qop is not null ? NextCount(challenge.Nonce) : null;
        var ncText = nc is uint n ? n.ToString("x8") : null;
        var ha1 = DigestResponse.Ha1(algorithm, Username, challenge.Realm, Password);
        var response = DigestResponse.Compute(algorithm, ha1, challenge.Nonce, cnonce, qop, ncText, method, uri, body);
        return new DigestCredentials
        {
            Username = Username,
            Realm = challenge.Realm,
            Nonce = challenge.Nonce,
            Uri = uri,
            Response = response,
            Algorithm = challenge.Algorithm,
            Cnonce = cnonce,
            Opaque = challenge.Opaque,
            Qop = qop,
            NonceCount = nc,
        };
    }

    /// <summary>
    /// Adds Authorization (for a 401) or Proxy-Authorization (for a 407) answering <paramref name="challengeResponse"/>
    /// to <paramref name="request"/>, replacing earlier credentials for the same realm (RFC 3261 §22.2). The caller
    /// still increments the CSeq and sends it as a new transaction. Returns false when nothing could be answered.
    /// </summary>
    public bool TryAuthorize(SipRequest request, SipResponse challengeResponse)
    {
        bool proxy = challengeResponse.StatusCode == 407;
        var challengeHeader = proxy ? HeaderId.ProxyAuthenticate : HeaderId.WwwAuthenticate;
        var credentialsHeader = proxy ? HeaderId.ProxyAuthorization : HeaderId.Authorization;
        var challenges = new List<DigestChallenge>();
        foreach (var field in challengeResponse.Headers.GetFields(challengeHeader))
            if (DigestChallenge.TryParse(field, out var c, out _)) challenges.Add(c);
        var chosen = Choose(challenges);
        if (chosen is null) return false;

        var credentials = Answer(chosen, request.Method, request.RequestUriText, request.Body.Span);
        for (int i = request.Headers.Count - 1; i >= 0; i--)
        {
            if (request.Headers.IdAt(i) != credentialsHeader) continue;
            if (AuthHeaderValue.TryParse(request.Headers.ValueAt(i), out var old, out _) && old.IsDigest && old.Get("realm") == chosen.Realm)
                request.Headers.RemoveAt(i);
        }
        request.Headers.Add(credentialsHeader, credentials.ToString());
        return true;
    }

    private uint NextCount(string nonce)
    {
        lock (_gate)
        {
            if (!_counts.TryGetValue(nonce, out var n))
            {
                _nonceOrder.Enqueue(nonce);
                while (_nonceOrder.Count > MaxRememberedNonces) _counts.Remove(_nonceOrder.Dequeue());
            }
            _counts[nonce] = ++n;
            return n;
        }
    }
}
