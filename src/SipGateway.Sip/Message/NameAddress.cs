using System.Text;

namespace SipGateway.Sip.Message;

/// <summary>
/// name-addr or addr-spec with header parameters, as in From, To, Contact, Route (RFC 3261 §20.10, §25.1).
/// In the addr-spec form (no angle brackets) everything after the first ';' is a header parameter, not a URI parameter.
/// </summary>
public sealed class NameAddress
{
    public string? DisplayName { get; set; }
    public SipUri Uri { get; set; } = new();
    public SipParameters Parameters { get; } = new();
    /// <summary>True for a Contact of "*" (REGISTER remove-all, §10.2.2).</summary>
    public bool IsWildcard { get; private init; }

    public string? Tag
    {
        get => Parameters.Get("tag");
        set { if (value is null) Parameters.Remove("tag"); else Parameters.Set("tag", value); }
    }

    public NameAddress() { }

    public NameAddress(SipUri uri, string? displayName = null)
    {
        Uri = uri;
        DisplayName = displayName;
    }

    public static NameAddress Parse(string text) =>
        TryParse(text, out var a, out var error) ? a : throw new FormatException($"bad name-addr '{text}': {error}");

    public static bool TryParse(string? text, out NameAddress address) => TryParse(text, out address, out _);

    public static bool TryParse(string? text, out NameAddress address, out string? error)
    {
        address = new NameAddress();
        error = null;
        if (text is null) { error = "missing"; return false; }
        var s = text.Trim();
        if (s == "*") { address = new NameAddress { IsWildcard = true }; return true; }
        int pos = 0;
        string uriText;
        if (s.StartsWith('"'))
        {
            if (!Lexer.TrySkipQuoted(s, ref pos)) { error = "unterminated quoted display name"; return false; }
            address.DisplayName = Lexer.Unquote(s[..pos]);
            Lexer.SkipLws(s, ref pos);
            if (pos >= s.Length || s[pos] != '<') { error = "expected '<' after display name"; return false; }
        }
        int lt = s.IndexOf('<', pos);
        if (lt >= 0 && !s[..lt].Contains('"') || pos > 0)
        {
            if (pos == 0 && lt > 0)
            {
                // An unquoted display name must be tokens separated by LWS (§25.1); RFC 4475 §3.1.1.6
                // accepts a missing space before '<'.
                var dn = s[..lt].Trim();
                foreach (var word in dn.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
                    if (!Lexer.IsToken(word)) { error = $"display name '{dn}' must be quoted"; return false; }
                address.DisplayName = dn.Length > 0 ? dn : null;
            }
            int open = pos > 0 ? pos : lt;
            int gt = s.IndexOf('>', open);
            if (gt < 0) { error = "missing '>'"; return false; }
            uriText = s[(open + 1)..gt];
            pos = gt + 1;
        }
        else
        {
            // addr-spec: the URI ends at the first ';' and must not carry '?' headers or spaces (§20.10).
            int semi = s.IndexOf(';');
            uriText = semi >= 0 ? s[..semi] : s;
            pos = uriText.Length;
            uriText = uriText.TrimEnd();
            if (uriText.Contains('?') || uriText.Contains(','))
            { error = "a URI with headers or commas must be enclosed in <>"; return false; }
        }
        if (!SipUri.TryParse(uriText, out var uri, out error)) return false;
        address.Uri = uri;
        return SipParameters.TryParse(s, ref pos, address.Parameters, out error);
    }

    public NameAddress Clone()
    {
        var c = new NameAddress(Uri.Clone(), DisplayName);
        c.Parameters.AddRange(Parameters);
        return c;
    }

    public override string ToString()
    {
        if (IsWildcard) return "*";
        var sb = new StringBuilder(96);
        if (DisplayName is not null) sb.Append(Lexer.Quote(DisplayName)).Append(' ');
        sb.Append('<').Append(Uri).Append('>');
        Parameters.AppendTo(sb);
        return sb.ToString();
    }
}
