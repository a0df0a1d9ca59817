using System.Globalization;
using System.Text;

namespace SipGateway.Sip.Sdp;

/// <summary>
/// A session description (RFC 4566): parsed leniently (LF or CRLF, unknown lines kept), written with CRLF in the
/// order §5 requires. Used for offer/answer on every anchored call.
/// </summary>
public sealed class SdpSessionDescription
{
    public int Version { get; set; }
    public string OriginUser { get; set; } = "-";
    public ulong SessionId { get; set; }
    public ulong SessionVersion { get; set; }
    public string OriginAddress { get; set; } = "127.0.0.1";
    public string OriginAddressType { get; set; } = "IP4";
    public string SessionName { get; set; } = "-";
    public SdpConnection? Connection { get; set; }
    public string Timing { get; set; } = "0 0";
    public List<SdpAttribute> Attributes { get; } = [];
    /// <summary>Session-level lines this model does not interpret (i=, u=, e=, p=, b=, z=, k=, r=), in order.</summary>
    public List<string> OtherLines { get; } = [];
    public List<SdpMediaDescription> Media { get; } = [];

    /// <summary>The connection address that applies to a media section: its own c= or the session's (§5.7).</summary>
    public SdpConnection? ConnectionFor(SdpMediaDescription media) => media.Connection ?? Connection;

    public SdpMediaDescription? FirstAudio => Media.FirstOrDefault(m => m.Media == "audio" && !m.IsRejected);

    /// <summary>
    /// True when this description puts the peer's audio on hold: sendonly or inactive (RFC 3264 §8.4), or the
    /// RFC 2543 c=0.0.0.0 form that older phones and CUCM still send.
    /// </summary>
    public bool IsHold
    {
        get
        {
            var audio = FirstAudio;
            if (audio is null) return false;
            return audio.Direction is SdpDirection.SendOnly or SdpDirection.Inactive || ConnectionFor(audio)?.IsHoldAddress == true;
        }
    }

    public static SdpSessionDescription Parse(string text) =>
        TryParse(text, out var sdp, out var error) ? sdp : throw new FormatException("bad SDP: " + error);

    public static bool TryParse(string text, out SdpSessionDescription sdp, out string? error)
    {
        sdp = new SdpSessionDescription();
        error = null;
        SdpMediaDescription? media = null;
        bool sawVersion = false, sawOrigin = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0) continue;
            if (line.Length < 2 || line[1] != '=') { error = $"line '{Clip(line)}' is not type=value"; return false; }
            char type = line[0];
            var value = line[2..];
            switch (type)
            {
                case 'v':
                    if (!int.TryParse(value, out var v) || v != 0) { error = $"unsupported version '{value}'"; return false; }
                    sdp.Version = v;
                    sawVersion = true;
                    break;
                case 'o':
                    var o = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (o.Length != 6 || !ulong.TryParse(o[1], out var id) || !ulong.TryParse(o[2], out var ver))
                    { error = $"bad origin '{Clip(value)}'"; return false; }
                    (sdp.OriginUser, sdp.SessionId, sdp.SessionVersion, sdp.OriginAddressType, sdp.OriginAddress) = (o[0], id, ver, o[4], o[5]);
                    sawOrigin = true;
                    break;
                case 's':
                    sdp.SessionName = value;
                    break;
                case 't':
                    sdp.Timing = value;
                    break;
                case 'c':
                    if (!SdpConnection.TryParse(value, out var c)) { error = $"bad connection '{Clip(value)}'"; return false; }
                    if (media is null) sdp.Connection = c; else media.Connection = c;
                    break;
                case 'm':
                    media = ParseMedia(value, out error);
                    if (media is null) return false;
                    sdp.Media.Add(media);
                    break;
                case 'a':
                    int colon = value.IndexOf(':');
                    var attribute = colon < 0 ? new SdpAttribute(value, null) : new SdpAttribute(value[..colon], value[(colon + 1)..]);
                    if (media is null) sdp.Attributes.Add(attribute); else media.Attributes.Add(attribute);
                    break;
                default:
                    if (media is null) sdp.OtherLines.Add(line); else media.OtherLines.Add(line);
                    break;
            }
        }
        if (!sawVersion || !sawOrigin) { error = "missing v= or o= line"; return false; }
        return true;
    }

    private static SdpMediaDescription? ParseMedia(string value, out string? error)
    {
        error = null;
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 4) { error = $"bad media line '{Clip(value)}'"; return null; }
        var m = new SdpMediaDescription { Media = parts[0], Protocol = parts[2] };
        var portText = parts[1];
        int slash = portText.IndexOf('/');
        if (slash > 0)
        {
            if (!int.TryParse(portText[(slash + 1)..], out var count)) { error = $"bad port count '{portText}'"; return null; }
            m.PortCount = count;
            portText = portText[..slash];
        }
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        { error = $"bad media port '{portText}'"; return null; }
        m.Port = port;
        m.Formats.AddRange(parts.Skip(3));
        return m;
    }

    private static string Clip(string s) => s.Length > 60 ? s[..60] + "..." : s;

    public override string ToString()
    {
        var sb = new StringBuilder(256);
        sb.Append("v=").Append(Version).Append("\r\n");
        sb.Append($"o={OriginUser} {SessionId} {SessionVersion} IN {OriginAddressType} {OriginAddress}\r\n");
        sb.Append("s=").Append(SessionName.Length == 0 ? "-" : SessionName).Append("\r\n");
        foreach (var l in OtherLines.Where(l => l[0] is 'i' or 'u' or 'e' or 'p')) sb.Append(l).Append("\r\n");
        if (Connection is not null) sb.Append(Connection).Append("\r\n");
        foreach (var l in OtherLines.Where(l => l[0] == 'b')) sb.Append(l).Append("\r\n");
        sb.Append("t=").Append(Timing).Append("\r\n");
        foreach (var l in OtherLines.Where(l => l[0] is 'r' or 'z' or 'k')) sb.Append(l).Append("\r\n");
        foreach (var a in Attributes) sb.Append(a).Append("\r\n");
        foreach (var m in Media)
        {
            sb.Append("m=").Append(m.Media).Append(' ').Append(m.Port);
            if (m.PortCount is int n) sb.Append('/').Append(n);
            sb.Append(' ').Append(m.Protocol);
            foreach (var f in m.Formats) sb.Append(' ').Append(f);
            sb.Append("\r\n");
            foreach (var l in m.OtherLines.Where(l => l[0] == 'i')) sb.Append(l).Append("\r\n");
            if (m.Connection is not null) sb.Append(m.Connection).Append("\r\n");
            foreach (var l in m.OtherLines.Where(l => l[0] != 'i')) sb.Append(l).Append("\r\n");
            foreach (var a in m.Attributes) sb.Append(a).Append("\r\n");
        }
        return sb.ToString();
    }
}
