using System.Text;

namespace SipGateway.Sip.Message;

/// <summary>
/// A SIP, SIPS or tel URI (RFC 3261 §19.1, RFC 3966), or any other absolute URI kept opaque.
/// User and password keep their escaped wire form; <see cref="UserUnescaped"/> decodes it.
/// </summary>
public sealed class SipUri
{
    public string Scheme { get; set; } = "sip";
    public string? User { get; set; }
    public string? Password { get; set; }
    public string Host { get; set; } = "";
    public int? Port { get; set; }
    public SipParameters Parameters { get; } = new();
    /// <summary>URI headers after '?', still escaped (RFC 3261 §19.1.1).</summary>
    public string? Headers { get; set; }
    /// <summary>For schemes other than sip/sips/tel: everything after the colon.</summary>
    public string? Opaque { get; set; }

    public bool IsSip => Scheme is "sip" or "sips";
    public bool IsTel => Scheme == "tel";
    public string? UserUnescaped => User is null ? null : Lexer.Unescape(User);
    public string HostPort => Port is int p ? $"{Host}:{p}" : Host;
    public string? Transport => Parameters.Get("transport");

    public static SipUri Sip(string? user, string host, int? port = null) => new() { User = user, Host = host, Port = port };

    public static SipUri Parse(string text) =>
        TryParse(text, out var uri, out var error) ? uri : throw new FormatException($"bad URI '{text}': {error}");

    public static bool TryParse(string? text, out SipUri uri) => TryParse(text, out uri, out _);

    public static bool TryParse(string? text, out SipUri uri, out string? error)
    {
        uri = new SipUri();
        error = null;
        if (string.IsNullOrEmpty(text)) { error = "empty URI"; return false; }
        foreach (var c in text)
            if (c <= ' ' || c is '<' or '>' or '"' || c == 127) { error = $"illegal character 0x{(int)c:X2} in URI"; return false; }
        int colon = text.IndexOf(':');
        if (colon <= 0) { error = "missing scheme"; return false; }
        var scheme = text[..colon];
        if (!char.IsAsciiLetter(scheme[0]) || !scheme.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
        { error = $"bad scheme '{scheme}'"; return false; }
        uri.Scheme = scheme.ToLowerInvariant();
        var rest = text[(colon + 1)..];
        if (uri.Scheme == "tel") return ParseTel(rest, uri, out error);
        if (!uri.IsSip) { uri.Opaque = rest; return true; }

        // The userinfo ends at the first '@': '@' may not appear unescaped in a password, a parameter or a
        // header, while '?' and ';' may appear in the user part (RFC 3261 §25.1 user-unreserved; RFC 4475 §3.1.1.2).
        int at = rest.IndexOf('@');
        int hostStart = 0;
        if (at >= 0)
        {
            var userinfo = rest[..at];
            int pw = userinfo.IndexOf(':');
            uri.User = pw >= 0 ? userinfo[..pw] : userinfo;
            if (pw >= 0) uri.Password = userinfo[(pw + 1)..];
            if (uri.User.Length == 0) { error = "empty user part"; return false; }
            hostStart = at + 1;
        }
        int q = rest.IndexOf('?', hostStart);
        var main = q >= 0 ? rest[..q] : rest;
        if (q >= 0) uri.Headers = rest[(q + 1)..];
        int pos = hostStart;
        if (pos < main.Length && main[pos] == '[')
        {
            int close = main.IndexOf(']', pos);
            if (close < 0) { error = "unterminated IPv6 reference"; return false; }
            pos = close + 1;
        }
        while (pos < main.Length && main[pos] is not (':' or ';')) pos++;
        uri.Host = main[hostStart..pos];
        if (uri.Host.Length == 0 || !IsValidHost(uri.Host)) { error = $"bad host '{uri.Host}'"; return false; }
        if (pos < main.Length && main[pos] == ':')
        {
            int ps = ++pos;
            while (pos < main.Length && char.IsAsciiDigit(main[pos])) pos++;
            if (pos == ps || !int.TryParse(main.AsSpan(ps, pos - ps), out var port) || port > 65535)
            { error = "bad port"; return false; }
            uri.Port = port;
        }
        if (!SipParameters.TryParse(main, ref pos, uri.Parameters, out error, uriParameters: true)) return false;
        return true;
    }

    private static bool IsValidHost(string host)
    {
        if (host[0] == '[') return host[^1] == ']';
        foreach (var c in host) if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_')) return false;
        return true;
    }

    private static bool ParseTel(string rest, SipUri uri, out string? error)
    {
        error = null;
        int semi = rest.IndexOf(';');
        uri.User = semi >= 0 ? rest[..semi] : rest;
        if (uri.User.Length == 0) { error = "empty telephone number"; return false; }
        int pos = semi >= 0 ? semi : rest.Length;
        return SipParameters.TryParse(rest, ref pos, uri.Parameters, out error, uriParameters: true);
    }

    /// <summary>
    /// URI comparison of RFC 3261 §19.1.4: scheme, user and password case-sensitive after unescaping, host
    /// case-insensitive, and user/ttl/method/maddr/transport must agree when either side has them.
    /// </summary>
    public bool EquivalentTo(SipUri other)
    {
        if (Scheme != other.Scheme) return false;
        if (!IsSip) return ToString() == other.ToString();
        if (Lexer.Unescape(User ?? "") != Lexer.Unescape(other.User ?? "")) return false;
        if (Lexer.Unescape(Password ?? "") != Lexer.Unescape(other.Password ?? "")) return false;
        if (!string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase) || Port != other.Port) return false;
        foreach (var name in new[] { "user", "ttl", "method", "maddr", "transport" })
            if (!string.Equals(Parameters.Get(name), other.Parameters.Get(name), StringComparison.OrdinalIgnoreCase)) return false;
        foreach (var (k, v) in Parameters)
            if (other.Parameters.Has(k) && !string.Equals(v, other.Parameters.Get(k), StringComparison.OrdinalIgnoreCase)) return false;
        return true;
    }

    public SipUri Clone()
    {
        var c = new SipUri { Scheme = Scheme, User = User, Password = Password, Host = Host, Port = Port, Headers = Headers, Opaque = Opaque };
        c.Parameters.AddRange(Parameters);
        return c;
    }

    public override string ToString()
    {
        var sb = new StringBuilder(64).Append(Scheme).Append(':');
        if (Opaque is not null) return sb.Append(Opaque).ToString();
        if (IsTel) { sb.Append(User); Parameters.AppendTo(sb); return sb.ToString(); }
        if (User is not null)
        {
            sb.Append(User);
            if (Password is not null) sb.Append(':').Append(Password);
            sb.Append('@');
        }
        sb.Append(Host);
        if (Port is int p) sb.Append(':').Append(p);
        Parameters.AppendTo(sb);
        if (Headers is not null) sb.Append('?').Append(Headers);
        return sb.ToString();
    }
}
