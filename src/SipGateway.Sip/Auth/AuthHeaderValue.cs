using System.Text;
using SipGateway.Sip.Message;

namespace SipGateway.Sip.Auth;

/// <summary>
/// A challenge or credentials of any scheme: <c>scheme LWS auth-param *(COMMA auth-param)</c> (RFC 3261 §25.1,
/// §20.7, §20.44). One per header field in SIP. Parameter names compare case-insensitively and may appear only
/// once (RFC 7235 §2.1). A value is a token or a quoted-string with quoted-pair escapes; unquoted values are read
/// leniently up to the next comma because real phones send nonces with '/' and '=' unquoted.
/// </summary>
public sealed class AuthHeaderValue
{
    public AuthHeaderValue(string scheme, IReadOnlyList<AuthParameter> parameters)
    {
        Scheme = scheme;
        Parameters = parameters;
    }

    public string Scheme { get; }

    public IReadOnlyList<AuthParameter> Parameters { get; }

    public bool IsDigest => string.Equals(Scheme, "Digest", StringComparison.OrdinalIgnoreCase);

    public string? Get(string name)
    {
        foreach (var p in Parameters)
            if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) return p.Value;
        return null;
    }

    public static bool TryParse(string? text, out AuthHeaderValue value, out string? error)
    {
        value = new AuthHeaderValue("", []);
        error = null;
        if (string.IsNullOrWhiteSpace(text)) { error = "empty value"; return false; }
        var s = text;
        int pos = 0;
        Lexer.SkipLws(s, ref pos);
        int start = pos;
        while (pos < s.Length && Lexer.IsTokenChar(s[pos])) pos++;
        if (pos == start) { error = "missing authentication scheme"; return false; }
        var scheme = s[start..pos];
        if (pos < s.Length && !Lexer.IsLws(s[pos])) { error = $"unexpected '{s[pos]}' after scheme '{scheme}'"; return false; }

        var list = new List<AuthParameter>();
        while (true)
        {
            Lexer.SkipLws(s, ref pos);
            // Empty list elements (",,") are allowed by the #rule (RFC 3261 §7.3.1).
            if (pos < s.Length && s[pos] == ',') { pos++; continue; }
            if (pos >= s.Length) break;
            start = pos;
            while (pos < s.Length && Lexer.IsTokenChar(s[pos])) pos++;
            if (pos == start) { error = $"unexpected '{s[pos]}' at {pos}"; return false; }
            var name = s[start..pos];
            Lexer.SkipLws(s, ref pos);
            if (pos >= s.Length || s[pos] != '=') { error = $"parameter '{name}' has no value"; return false; }
            pos++;
            Lexer.SkipLws(s, ref pos);
            string paramValue;
            bool quoted = false;
            if (pos < s.Length && s[pos] == '"')
            {
                int q = pos;
                if (!Lexer.TrySkipQuoted(s, ref pos) || pos > s.Length) { error = $"unterminated quoted string for '{name}'"; return false; }
                paramValue = Lexer.Unquote(s[q..pos]);
                quoted = true;
            }
            else
            {
                start = pos;
                while (pos < s.Length && s[pos] != ',' && !Lexer.IsLws(s[pos]) && s[pos] != '"') pos++;
                if (pos == start) { error = $"empty value for '{name}'"; return false; }
                paramValue = s[start..pos];
            }
            foreach (var p in list)
                if (string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)) { error = $"parameter '{name}' appears twice"; return false; }
            list.Add(new AuthParameter(name, paramValue, quoted));
            Lexer.SkipLws(s, ref pos);
            if (pos >= s.Length) break;
            if (s[pos] != ',') { error = $"expected ',' after parameter '{name}'"; return false; }
        }
        value = new AuthHeaderValue(scheme, list);
        return true;
    }

    public override string ToString()
    {
        var sb = new StringBuilder(Scheme);
        for (int i = 0; i < Parameters.Count; i++)
        {
            sb.Append(i == 0 ? " " : ", ");
            Append(sb, Parameters[i]);
        }
        return sb.ToString();
    }

    internal static void Append(StringBuilder sb, AuthParameter p) =>
        sb.Append(p.Name).Append('=').Append(p.Quoted ? Lexer.Quote(p.Value) : p.Value);
}
