using System.Text;

namespace SipGateway.Sip.Message;

/// <summary>One Via value: <c>SIP/2.0/UDP host[:port];branch=...</c> (RFC 3261 §20.42), with received/rport of RFC 3581.</summary>
public sealed class ViaHeader
{
    public const string MagicCookie = "z9hG4bK";

    public string Protocol { get; set; } = "SIP/2.0";
    public string Transport { get; set; } = "UDP";
    public string Host { get; set; } = "";
    public int? Port { get; set; }
    public SipParameters Parameters { get; } = new();

    public string? Branch
    {
        get => Parameters.Get("branch");
        set => Parameters.Set("branch", value);
    }

    /// <summary>An RFC 3261 branch: starts with the magic cookie and has an identifier after it (§8.1.1.7).</summary>
    public bool HasRfc3261Branch => Branch is { Length: > 7 } b && b.StartsWith(MagicCookie, StringComparison.Ordinal);

    public string? Received
    {
        get => Parameters.Get("received");
        set => Parameters.Set("received", value);
    }

    public bool HasRport => Parameters.Has("rport");

    public int? Rport => int.TryParse(Parameters.Get("rport"), out var p) ? p : null;

    public string SentBy => Port is int p ? $"{Host}:{p}" : Host;

    public static bool TryParse(string? text, out ViaHeader via) => TryParse(text, out via, out _);

    public static bool TryParse(string? text, out ViaHeader via, out string? error)
    {
        via = new ViaHeader();
        error = null;
        if (string.IsNullOrWhiteSpace(text)) { error = "empty Via"; return false; }
        var s = text;
        int pos = 0;
        // sent-protocol = protocol-name SLASH protocol-version SLASH transport, LWS allowed around the slashes.
        var parts = new string[3];
        for (int i = 0; i < 3; i++)
        {
            Lexer.SkipLws(s, ref pos);
            int start = pos;
            while (pos < s.Length && Lexer.IsTokenChar(s[pos])) pos++;
            if (pos == start) { error = "bad sent-protocol"; return false; }
            parts[i] = s[start..pos];
            Lexer.SkipLws(s, ref pos);
            if (i < 2)
            {
                if (pos >= s.Length || s[pos] != '/') { error = "bad sent-protocol"; return false; }
                pos++;
            }
        }
        via.Protocol = $"{parts[0]}/{parts[1]}";
        via.Transport = parts[2].ToUpperInvariant();
        Lexer.SkipLws(s, ref pos);
        int hs = pos;
        if (pos < s.Length && s[pos] == '[')
        {
            int close = s.IndexOf(']', pos);
            if (close < 0) { error = "bad IPv6 sent-by"; return false; }
            pos = close + 1;
        }
        else while (pos < s.Length && (char.IsAsciiLetterOrDigit(s[pos]) || s[pos] is '-' or '.' or '_')) pos++;
        if (pos == hs) { error = "missing sent-by host"; return false; }
        via.Host = s[hs..pos];
        Lexer.SkipLws(s, ref pos);
        if (pos < s.Length && s[pos] == ':')
        {
            pos++;
            Lexer.SkipLws(s, ref pos);
            int ps = pos;
            while (pos < s.Length && char.IsAsciiDigit(s[pos])) pos++;
            if (pos == ps || !int.TryParse(s.AsSpan(ps, pos - ps), out var port) || port > 65535) { error = "bad sent-by port"; return false; }
            via.Port = port;
        }
        return SipParameters.TryParse(s, ref pos, via.Parameters, out error);
    }

    public override string ToString()
    {
        var sb = new StringBuilder(80).Append(Protocol).Append('/').Append(Transport).Append(' ').Append(Host);
        if (Port is int p) sb.Append(':').Append(p);
        Parameters.AppendTo(sb);
        return sb.ToString();
    }
}
