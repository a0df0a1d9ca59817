using System.Globalization;
using System.Text;
using SipGateway.Sip.Message;

namespace SipGateway.Sip.Auth;

/// <summary>
/// Digest credentials, the value of Authorization or Proxy-Authorization (RFC 7616 §3.4, RFC 3261 §20.7, §20.28).
/// Parsing checks presence and form of the fields a response needs; whether they are right is the verifier's job.
/// </summary>
public sealed class DigestCredentials
{
    private static readonly string[] Modeled =
        ["username", "username*", "realm", "nonce", "uri", "response", "algorithm", "cnonce", "opaque", "qop", "nc", "userhash"];

    public required string Username { get; init; }
    public required string Realm { get; init; }
    public required string Nonce { get; init; }
    public required string Uri { get; init; }
    public required string Response { get; init; }

    /// <summary>The algorithm token as sent; null means MD5.</summary>
    public string? Algorithm { get; init; }
    public string? Cnonce { get; init; }
    public string? Opaque { get; init; }

    /// <summary>The qop chosen; null for an RFC 2069 (no qop) client.</summary>
    public string? Qop { get; init; }

    /// <summary>The nonce count (nc, 8 hex digits), present with qop (RFC 7616 §3.4).</summary>
    public uint? NonceCount { get; init; }
    public bool UserHash { get; init; }
    public IReadOnlyList<AuthParameter> Extensions { get; init; } = [];

    public static DigestCredentials Parse(string text) =>
        TryParse(text, out var c, out var error) ? c : throw new FormatException($"bad Digest credentials: {error}");

    public static bool TryParse(string? text, out DigestCredentials credentials, out string? error)
    {
        credentials = null!;
        if (!AuthHeaderValue.TryParse(text, out var value, out error)) return false;
        return TryFrom(value, out credentials, out error);
    }

    public static bool TryFrom(AuthHeaderValue value, out DigestCredentials credentials, out string? error)
    {
        credentials = null!;
        error = null;
        if (!value.IsDigest) { error = $"unsupported authentication scheme '{value.Scheme}'"; return false; }

        var username = value.Get("username");
        if (value.Get("username*") is { } extended)
        {
            // RFC 7616 §3.4.4: username* (RFC 5987 ext-value) is for names that cannot be sent as a quoted string;
            // sending both is an error.
            if (username is not null) { error = "both username and username* present"; return false; }
            if (!TryDecodeExtValue(extended, out username)) { error = "malformed username*"; return false; }
        }
        string? missing = username is null ? "username"
            : value.Get("realm") is null ? "realm"
            : value.Get("nonce") is null ? "nonce"
            : value.Get("uri") is null ? "uri"
            : value.Get("response") is null ? "response"
            : null;
        if (missing is not null) { error = $"missing {missing}"; return false; }

        var qop = value.Get("qop");
        uint? nc = null;
        if (qop is not null)
        {
            // With qop, cnonce and nc are mandatory (RFC 7616 §3.4).
            if (value.Get("cnonce") is null) { error = "qop without cnonce"; return false; }
            var ncText = value.Get("nc");
            if (ncText is null) { error = "qop without nc"; return false; }
            if (ncText.Length != 8 || !uint.TryParse(ncText, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var n))
            { error = $"malformed nc '{ncText}'"; return false; }
            nc = n;
        }
        credentials = new DigestCredentials
        {
            Username = username!,
            Realm = value.Get("realm")!,
            Nonce = value.Get("nonce")!,
            Uri = value.Get("uri")!,
            Response = value.Get("response")!,
            Algorithm = value.Get("algorithm"),
            Cnonce = value.Get("cnonce"),
            Opaque = value.Get("opaque"),
            Qop = qop,
            NonceCount = nc,
            UserHash = string.Equals(value.Get("userhash"), "true", StringComparison.OrdinalIgnoreCase),
            Extensions = value.Parameters.Where(p => !Modeled.Contains(p.Name, StringComparer.OrdinalIgnoreCase)).ToList(),
        };
        return true;
    }

    /// <summary>RFC 5987 ext-value: <c>charset'[language]'pct-encoded</c>; only UTF-8 is accepted.</summary>
    private static bool TryDecodeExtValue(string text, out string? decoded)
    {
        decoded = null;
        var parts = text.Split('\'', 3);
        if (parts.Length != 3 || !string.Equals(parts[0], "UTF-8", StringComparison.OrdinalIgnoreCase)) return false;
        decoded = Lexer.Unescape(parts[2]);
        return true;
    }

    public string NonceCountText => NonceCount is uint nc ? nc.ToString("x8", CultureInfo.InvariantCulture) : "";

    /// <summary>Writes the credentials; qop, nc and algorithm are unquoted tokens (RFC 7616 §3.4).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder("Digest username=").Append(Lexer.Quote(Username))
            .Append(", realm=").Append(Lexer.Quote(Realm))
            .Append(", nonce=").Append(Lexer.Quote(Nonce))
            .Append(", uri=").Append(Lexer.Quote(Uri))
            .Append(", response=").Append(Lexer.Quote(Response));
        if (Algorithm is not null) sb.Append(", algorithm=").Append(Algorithm);
        if (Cnonce is not null) sb.Append(", cnonce=").Append(Lexer.Quote(Cnonce));
        if (Opaque is not null) sb.Append(", opaque=").Append(Lexer.Quote(Opaque));
        if (Qop is not null) sb.Append(", qop=").Append(Qop);
        if (NonceCount is not null) sb.Append(", nc=").Append(NonceCountText);
        if (UserHash) sb.Append(", userhash=true");
        foreach (var p in Extensions) AuthHeaderValue.Append(sb.Append(", "), p);
        return sb.ToString();
    }
}
