using System.Text;
using SipGateway.Sip.Message;

namespace SipGateway.Sip.Auth;

/// <summary>
/// A Digest challenge, the value of WWW-Authenticate or Proxy-Authenticate (RFC 7616 §3.3, RFC 3261 §20.44,
/// §20.27). Parameters this class does not model are kept in <see cref="Extensions"/> and written back.
/// </summary>
public sealed class DigestChallenge
{
    private static readonly string[] Modeled = ["realm", "nonce", "opaque", "stale", "algorithm", "qop", "domain", "charset", "userhash"];

    public required string Realm { get; init; }
    public required string Nonce { get; init; }
    public string? Opaque { get; init; }
    public bool Stale { get; init; }

    /// <summary>The algorithm token as sent; null means MD5 (RFC 7616 §3.3).</summary>
    public string? Algorithm { get; init; }

    /// <summary>The qop options offered; empty for an RFC 2069-style challenge without qop.</summary>
    public IReadOnlyList<string> Qop { get; init; } = [];

    public string? Domain { get; init; }
    public string? Charset { get; init; }
    public bool UserHash { get; init; }
    public IReadOnlyList<AuthParameter> Extensions { get; init; } = [];

    public bool OffersQop(string qop)
    {
        foreach (var q in Qop) if (string.Equals(q, qop, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    public static DigestChallenge Parse(string text) =>
        TryParse(text, out var c, out var error) ? c : throw new FormatException($"bad Digest challenge: {error}");

    public static bool TryParse(string? text, out DigestChallenge challenge, out string? error)
    {
        challenge = null!;
        if (!AuthHeaderValue.TryParse(text, out var value, out error)) return false;
        return TryFrom(value, out challenge, out error);
    }

    public static bool TryFrom(AuthHeaderValue value, out DigestChallenge challenge, out string? error)
    {
        challenge = null!;
        error = null;
        if (!value.IsDigest) { error = $"unsupported authentication scheme '{value.Scheme}'"; return false; }
        var realm = value.Get("realm");
        var nonce = value.Get("nonce");
        if (realm is null) { error = "missing realm"; return false; }
        if (nonce is null) { error = "missing nonce"; return false; }
        challenge = new DigestChallenge
        {
            Realm = realm,
            Nonce = nonce,
            Opaque = value.Get("opaque"),
            // stale is a case-insensitive flag; anything but "true" is false (RFC 7616 §3.3).
            Stale = string.Equals(value.Get("stale"), "true", StringComparison.OrdinalIgnoreCase),
            Algorithm = value.Get("algorithm"),
            Qop = value.Get("qop") is { } qop
                ? qop.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                : [],
            Domain = value.Get("domain"),
            Charset = value.Get("charset"),
            UserHash = string.Equals(value.Get("userhash"), "true", StringComparison.OrdinalIgnoreCase),
            Extensions = value.Parameters.Where(p => !IsModeled(p.Name)).ToList(),
        };
        return true;
    }

    private static bool IsModeled(string name)
    {
        foreach (var m in Modeled) if (string.Equals(m, name, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    /// <summary>Writes the challenge with quoted realm, nonce, opaque, domain and qop, as RFC 7616 §3.3 requires.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("Digest realm=").Append(Lexer.Quote(Realm));
        if (Domain is not null) sb.Append(", domain=").Append(Lexer.Quote(Domain));
        sb.Append(", nonce=").Append(Lexer.Quote(Nonce));
        if (Opaque is not null) sb.Append(", opaque=").Append(Lexer.Quote(Opaque));
        if (Stale) sb.Append(", stale=true");
        if (Algorithm is not null) sb.Append(", algorithm=").Append(Algorithm);
        if (Qop.Count > 0) sb.Append(", qop=").Append(Lexer.Quote(string.Join(",", Qop)));
        if (Charset is not null) sb.Append(", charset=").Append(Charset);
        if (UserHash) sb.Append(", userhash=true");
        foreach (var p in Extensions) AuthHeaderValue.Append(sb.Append(", "), p);
        return sb.ToString();
    }
}
