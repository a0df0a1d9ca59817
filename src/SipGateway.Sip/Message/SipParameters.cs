using System.Text;

namespace SipGateway.Sip.Message;

/// <summary>An ordered list of <c>;name[=value]</c> parameters; names compare case-insensitively (RFC 3261 §7.3.1, §19.1.4).</summary>
public sealed class SipParameters : List<KeyValuePair<string, string?>>
{
    public bool Has(string name) => FindIndex(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)) >= 0;

    public string? Get(string name)
    {
        int i = FindIndex(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase));
        return i >= 0 ? this[i].Value : null;
    }

    public void Set(string name, string? value)
    {
        int i = FindIndex(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase));
        if (i >= 0) this[i] = new(this[i].Key, value);
        else Add(new(name, value));
    }

    public bool Remove(string name) => RemoveAll(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)) > 0;

    public void AppendTo(StringBuilder sb)
    {
        foreach (var (k, v) in this)
        {
            sb.Append(';').Append(k);
            if (v is not null) sb.Append('=').Append(v);
        }
    }

    public SipParameters Clone()
    {
        var c = new SipParameters();
        c.AddRange(this);
        return c;
    }

    /// <summary>
    /// Reads <c>*( LWS ";" LWS name [ LWS "=" LWS value ] )</c> from <paramref name="s"/> at <paramref name="pos"/>.
    /// Stops at <paramref name="stop"/> (e.g. ',' or '?'); an empty name (";;") is a syntax error.
    /// </summary>
    public static bool TryParse(string s, ref int pos, SipParameters into, out string? error, char stop = '\0', bool uriParameters = false)
    {
        error = null;
        while (true)
        {
            Lexer.SkipLws(s, ref pos);
            if (pos >= s.Length || s[pos] == stop) return true;
            if (s[pos] != ';') { error = $"unexpected '{s[pos]}' at {pos}"; return false; }
            pos++;
            Lexer.SkipLws(s, ref pos);
            int start = pos;
            while (pos < s.Length && IsNameChar(s[pos], uriParameters)) pos++;
            if (pos == start) { error = $"empty parameter name at {pos}"; return false; }
            var name = s[start..pos];
            Lexer.SkipLws(s, ref pos);
            string? value = null;
            if (pos < s.Length && s[pos] == '=')
            {
                pos++;
                Lexer.SkipLws(s, ref pos);
                if (pos < s.Length && s[pos] == '"')
                {
                    int q = pos;
                    if (!Lexer.TrySkipQuoted(s, ref pos)) { error = $"unterminated quoted string at {q}"; return false; }
                    value = s[q..pos];
                }
                else if (pos < s.Length && s[pos] == '[')
                {
                    int close = s.IndexOf(']', pos);
                    if (close < 0) { error = $"unterminated IPv6 reference at {pos}"; return false; }
                    value = s[pos..(close + 1)];
                    pos = close + 1;
                }
                else
                {
                    start = pos;
                    while (pos < s.Length && IsNameChar(s[pos], uriParameters)) pos++;
                    if (pos == start && !uriParameters) { error = $"empty value for parameter '{name}'"; return false; }
                    value = s[start..pos];
                }
            }
            into.Add(new(name, value));
        }
    }

    // uri-parameter values are paramchars (RFC 3261 §25.1: unreserved, escaped, "[]/:&+$"); header parameters are tokens.
    private static bool IsNameChar(char c, bool uriParameters) =>
        Lexer.IsTokenChar(c) || uriParameters && c is '(' or ')' or '[' or ']' or '/' or ':' or '&' or '$';
}
