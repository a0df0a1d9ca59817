using System.Security.Cryptography;
using System.Text;
using SipGateway.Sip.Message;
using SipGateway.Sip.Timing;

namespace SipGateway.Sip.Auth;

/// <summary>
/// Server side of Digest authentication for one realm (RFC 3261 §22, RFC 7616, RFC 8760): builds challenges,
/// finds a request's credentials for the realm, and verifies them against a <see cref="DigestSecret"/>.
/// Thread-safe; holds no global state (the nonce key and nonce counts live in the instance).
/// </summary>
public sealed class DigestVerifier
{
    private readonly NonceIssuer _nonces;
    private readonly NonceCountTracker _counts;
    private readonly DigestVerifierOptions _options;

    public DigestVerifier(string realm, NonceIssuer nonces, DigestVerifierOptions? options = null)
    {
        if (string.IsNullOrEmpty(realm)) throw new ArgumentException("a realm is required", nameof(realm));
        Realm = realm;
        _nonces = nonces;
        _options = options ?? new DigestVerifierOptions();
        if (_options.Algorithms.Count == 0) throw new ArgumentException("at least one algorithm must be offered", nameof(options));
        _counts = new NonceCountTracker(_options.NonceCountCapacity);
    }

    public string Realm { get; }

    /// <summary>One challenge per offered algorithm, sharing one fresh nonce, qop="auth".</summary>
    public IReadOnlyList<DigestChallenge> CreateChallenges(bool stale = false)
    {
        var nonce = _nonces.Issue();
        var list = new List<DigestChallenge>(_options.Algorithms.Count);
        foreach (var algorithm in _options.Algorithms)
        {
            list.Add(new DigestChallenge
            {
                Realm = Realm,
                Nonce = nonce,
                Algorithm = algorithm.Name,
                Qop = [DigestQop.Auth],
                Stale = stale,
            });
        }
        return list;
    }

    /// <summary>
    /// A 401 with WWW-Authenticate headers, or with <paramref name="proxy"/> a 407 with Proxy-Authenticate
    /// (RFC 3261 §22.1, §22.3).
    /// </summary>
    public SipResponse CreateChallengeResponse(SipRequest request, bool stale = false, string? toTag = null, bool proxy = false)
    {
        var response = SipResponseFactory.Create(request, proxy ? 407 : 401, null, toTag);
        var header = proxy ? HeaderId.ProxyAuthenticate : HeaderId.WwwAuthenticate;
        foreach (var challenge in CreateChallenges(stale)) response.Headers.Add(header, challenge.ToString());
        return response;
    }

    /// <summary>
    /// Finds Digest credentials for this realm in Authorization (or Proxy-Authorization). Values of other schemes
    /// (RFC 4475 §3.3.7 regaut01) and other realms (§22.4: one per realm) are skipped. Returns false when a
    /// Digest value for this realm is malformed (<paramref name="error"/> says why); true with null credentials
    /// when there are none.
    /// </summary>
    public bool TryFindCredentials(SipRequest request, out DigestCredentials? credentials, out string? error, bool proxy = false)
    {
        credentials = null;
        error = null;
        string? firstMalformed = null;
        foreach (var field in request.Headers.GetFields(proxy ? HeaderId.ProxyAuthorization : HeaderId.Authorization))
        {
            if (!AuthHeaderValue.TryParse(field, out var value, out var why))
            {
                firstMalformed ??= why;
                continue;
            }
            if (!value.IsDigest) continue;
            var realm = value.Get("realm");
            if (realm is not null && realm != Realm) continue;
            if (!DigestCredentials.TryFrom(value, out var c, out why))
            {
                firstMalformed ??= why;
                continue;
            }
            credentials = c;
            return true;
        }
        if (firstMalformed is not null)
        {
            error = firstMalformed;
            return false;
        }
        return true;
    }

    /// <summary>
    /// Verifies credentials for <paramref name="request"/> against <paramref name="secret"/>. The response is
    /// checked before the nonce so stale=true is only answered to a client that knows the password
    /// (RFC 7616 §3.3), and the nonce count is recorded only for a correct response, so forged requests cannot
    /// use up a client's counts.
    /// </summary>
    public DigestVerification Verify(SipRequest request, DigestCredentials credentials, DigestSecret secret)
    {
        if (credentials.Realm != Realm) return new(DigestOutcome.RealmMismatch, $"realm '{credentials.Realm}'");
        if (!DigestAlgorithm.TryGet(credentials.Algorithm, out var algorithm) || !Offers(algorithm))
            return new(DigestOutcome.Unsupported, $"algorithm '{credentials.Algorithm}'");
        if (credentials.UserHash) return new(DigestOutcome.Unsupported, "userhash was not offered");
        if (credentials.Qop is null)
        {
            // RFC 8760 §2.4: answers without qop exist only for MD5 backwards compatibility.
            if (!_options.AllowNoQop || algorithm.Base != DigestAlgorithm.Md5) return new(DigestOutcome.Unsupported, "qop missing");
        }
        else if (!string.Equals(credentials.Qop, DigestQop.Auth, StringComparison.OrdinalIgnoreCase)
                 && !string.Equals(credentials.Qop, DigestQop.AuthInt, StringComparison.OrdinalIgnoreCase))
            return new(DigestOutcome.Unsupported, $"qop '{credentials.Qop}'");
        if (_options.CheckUri && !SameUri(credentials.Uri, request.RequestUriText))
            return new(DigestOutcome.UriMismatch, $"uri '{credentials.Uri}' is not the Request-URI");

        var expected = DigestResponse.Expected(credentials, algorithm, secret, request.Method, request.Body.Span);
        if (expected is null) return new(DigestOutcome.WrongResponse, $"no secret for {algorithm.Name}");
        if (!ResponseEquals(expected, credentials.Response)) return new(DigestOutcome.WrongResponse, "response mismatch");

        switch (_nonces.Check(credentials.Nonce, out var issuedAt))
        {
            case NonceStatus.Expired: return new(DigestOutcome.Stale, "nonce expired");
            case NonceStatus.Unknown: return new(DigestOutcome.Stale, "nonce not issued here");
        }
        if (credentials.NonceCount is uint nc)
        {
            var expiredBefore = _nonces.Time.GetMonotonicTime() - _nonces.Lifetime;
            switch (_counts.TryAdvance(credentials.Nonce, issuedAt, nc, expiredBefore))
            {
                case NonceCountResult.Replayed: return new(DigestOutcome.Replayed, $"nc {credentials.NonceCountText} not increasing");
                case NonceCountResult.Forgotten: return new(DigestOutcome.Stale, "nonce count record evicted");
            }
        }
        return new(DigestOutcome.Authenticated);
    }

    /// <summary>
    /// Checks only the response value, without nonce or count (captured messages, test vectors).
    /// </summary>
    public static bool CheckResponse(DigestCredentials credentials, string method, DigestSecret secret, ReadOnlySpan<byte> body = default)
    {
        if (!DigestAlgorithm.TryGet(credentials.Algorithm, out var algorithm)) return false;
        var expected = DigestResponse.Expected(credentials, algorithm, secret, method, body);
        return expected is not null && ResponseEquals(expected, credentials.Response);
    }

    private bool Offers(DigestAlgorithm algorithm)
    {
        foreach (var a in _options.Algorithms) if (a == algorithm) return true;
        return false;
    }

    private static bool ResponseEquals(string expected, string actual)
    {
        // Hex digits compare case-insensitively; fixed time so the response cannot be guessed byte by byte.
        var a = Encoding.ASCII.GetBytes(expected.ToLowerInvariant());
        var b = Encoding.ASCII.GetBytes(actual.Trim().ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(a, b);
    }

    private static bool SameUri(string digestUri, string requestUri)
    {
        if (digestUri == requestUri) return true;
        return SipUri.TryParse(digestUri, out var a) && SipUri.TryParse(requestUri, out var b) && a.IsSip && a.EquivalentTo(b);
    }
}
