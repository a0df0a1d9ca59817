namespace SipGateway.Sip.Message;

/// <summary>Character classes and small scanners of the RFC 3261 §25 grammar.</summary>
internal static class Lexer
{
    // token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")
    public static bool IsTokenChar(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
            or '-' or '.' or '!' or '%' or '*' or '_' or '+' or '`' or '\'' or '~';

    public static bool IsTokenByte(byte c) => TokenBytes.Contains(c);

    /// <summary>The token alphabet as vectorisable search values, for checking whole names at once.</summary>
    public static readonly System.Buffers.SearchValues<byte> TokenBytes = System.Buffers.SearchValues.Create(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.!%*_+`'~"u8);

    public static bool IsToken(ReadOnlySpan<byte> s) => !s.IsEmpty && s.IndexOfAnyExcept(TokenBytes) < 0;

    public static bool IsLws(char c) => c is ' ' or '\t' or '\r' or '\n';

    public static void SkipLws(string s, ref int pos)
    {
        while (pos < s.Length && IsLws(s[pos])) pos++;
    }

    public static bool IsToken(ReadOnlySpan<char> s)
    {
        if (s.IsEmpty) return false;
        foreach (var c in s) if (!IsTokenChar(c)) return false;
        return true;
    }

    /// <summary>Skips a quoted-string starting at the opening quote; honours quoted-pair escapes.</summary>
    public static bool TrySkipQuoted(string s, ref int pos)
    {
        pos++;
        while (pos < s.Length)
        {
            char c = s[pos];
            if (c == '\\') { pos += 2; continue; }
            pos++;
            if (c == '"') return true;
        }
        return false;
    }

    /// <summary>Removes the quotes and quoted-pair escapes of a quoted-string.</summary>
    public static string Unquote(string quoted)
    {
        if (quoted.Length < 2 || quoted[0] != '"') return quoted;
        var inner = quoted.AsSpan(1, quoted.Length - 2);
        if (inner.IndexOf('\\') < 0) return inner.ToString();
        var sb = new System.Text.StringBuilder(inner.Length);
        for (int i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '\\' && i + 1 < inner.Length) i++;
            sb.Append(inner[i]);
        }
        return sb.ToString();
    }

    public static string Quote(string s)
    {
        var sb = new System.Text.StringBuilder(s.Length + 2).Append('"');
        foreach (var c in s)
        {
            if (c is '"' or '\\') sb.Append('\\');
            sb.Append(c);
        }
        return sb.Append('"').ToString();
    }

    /// <summary>Decodes %HH escapes once (RFC 3261 §19.1.2: never recursively).</summary>
    public static string Unescape(string s)
    {
        if (s.IndexOf('%') < 0) return s;
        var bytes = new List<byte>(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '%' && i + 2 < s.Length && Uri.IsHexDigit(s[i + 1]) && Uri.IsHexDigit(s[i + 2]))
            {
                bytes.Add(Convert.ToByte(s.Substring(i + 1, 2), 16));
                i += 2;
            }
            else bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(s[i].ToString()));
        }
        return System.Text.Encoding.UTF8.GetString(bytes.ToArray());
    }
}
