using System.Globalization;

namespace SipGateway.Sip.Sdp;

/// <summary>An m= section with its own c= and a= lines (RFC 4566 §5.14).</summary>
public sealed class SdpMediaDescription
{
    public string Media { get; set; } = "audio";
    public int Port { get; set; }
    public int? PortCount { get; set; }
    public string Protocol { get; set; } = "RTP/AVP";
    public List<string> Formats { get; } = [];
    public SdpConnection? Connection { get; set; }
    public List<SdpAttribute> Attributes { get; } = [];
    /// <summary>Other lines of the section (i=, b=, k=) kept in order so nothing is lost when relayed.</summary>
    public List<string> OtherLines { get; } = [];

    /// <summary>A port of 0 rejects or disables the stream (RFC 3264 §6, §8.2).</summary>
    public bool IsRejected => Port == 0;

    public SdpDirection Direction
    {
        get
        {
            foreach (var a in Attributes)
                if (a.Value is null && SdpDirections.Parse(a.Name) is { } d) return d;
            return SdpDirection.SendRecv;
        }
        set
        {
            Attributes.RemoveAll(a => a.Value is null && SdpDirections.Parse(a.Name) is not null);
            Attributes.Add(new SdpAttribute(value.Name(), null));
        }
    }

    public int? Ptime => Attribute("ptime") is { } p && int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) ? ms : null;

    public string? Attribute(string name) => Attributes.FirstOrDefault(a => a.Name.Equals(name, StringComparison.OrdinalIgnoreCase))?.Value;

    /// <summary>The formats resolved through rtpmap/fmtp, in offer order (preference order, RFC 3264 §5.1).</summary>
    public List<SdpCodec> Codecs()
    {
        var list = new List<SdpCodec>(Formats.Count);
        foreach (var f in Formats)
        {
            if (!int.TryParse(f, NumberStyles.None, CultureInfo.InvariantCulture, out var pt)) continue;
            var codec = RtpMapFor(pt) ?? SdpCodec.Static(pt);
            if (codec is null) continue;
            var fmtp = Attributes.FirstOrDefault(a => a.Name == "fmtp" && a.Value is { } v && v.StartsWith(pt + " ", StringComparison.Ordinal));
            list.Add(fmtp is null ? codec : codec with { Fmtp = fmtp.Value![(pt.ToString().Length + 1)..] });
        }
        return list;
    }

    private SdpCodec? RtpMapFor(int pt)
    {
        foreach (var a in Attributes)
        {
            if (a.Name != "rtpmap" || a.Value is null) continue;
            int sp = a.Value.IndexOf(' ');
            if (sp <= 0 || a.Value[..sp] != pt.ToString(CultureInfo.InvariantCulture)) continue;
            var enc = a.Value[(sp + 1)..].Split('/');
            if (enc.Length < 2 || !int.TryParse(enc[1], out var rate)) return null;
            int channels = enc.Length > 2 && int.TryParse(enc[2], out var ch) ? ch : 1;
            return new SdpCodec(pt, enc[0], rate, channels);
        }
        return null;
    }

    /// <summary>Replaces formats and their rtpmap/fmtp lines with these codecs.</summary>
    public void SetCodecs(IEnumerable<SdpCodec> codecs)
    {
        Formats.Clear();
        Attributes.RemoveAll(a => a.Name is "rtpmap" or "fmtp");
        int insertAt = 0;
        foreach (var c in codecs)
        {
            Formats.Add(c.PayloadType.ToString(CultureInfo.InvariantCulture));
            Attributes.Insert(insertAt++, new SdpAttribute("rtpmap", c.RtpMap));
            if (c.Fmtp is not null) Attributes.Insert(insertAt++, new SdpAttribute("fmtp", $"{c.PayloadType} {c.Fmtp}"));
        }
    }
}
