namespace SipGateway.Sip.Sdp;

/// <summary>One payload format of an m= line with its rtpmap/fmtp (RFC 4566 §6, RFC 3551 static types).</summary>
public sealed record SdpCodec(int PayloadType, string Name, int ClockRate, int Channels = 1, string? Fmtp = null)
{
    public static readonly SdpCodec Pcmu = new(0, "PCMU", 8000);
    public static readonly SdpCodec Pcma = new(8, "PCMA", 8000);
    public static readonly SdpCodec TelephoneEvent = new(101, "telephone-event", 8000, 1, "0-16");

    public bool IsTelephoneEvent => Name.Equals("telephone-event", StringComparison.OrdinalIgnoreCase);

    /// <summary>Same encoding, clock rate and channels, whatever the payload type number (RFC 3264 §6.1).</summary>
    public bool SameFormat(SdpCodec other) =>
        Name.Equals(other.Name, StringComparison.OrdinalIgnoreCase) && ClockRate == other.ClockRate && Channels == other.Channels;

    /// <summary>The RFC 3551 §6 static payload types that may appear without an rtpmap.</summary>
    public static SdpCodec? Static(int payloadType) => payloadType switch
    {
        0 => Pcmu,
        3 => new SdpCodec(3, "GSM", 8000),
        4 => new SdpCodec(4, "G723", 8000),
        8 => Pcma,
        9 => new SdpCodec(9, "G722", 8000),
        18 => new SdpCodec(18, "G729", 8000),
        _ => null,
    };

    public string RtpMap => Channels == 1 ? $"{PayloadType} {Name}/{ClockRate}" : $"{PayloadType} {Name}/{ClockRate}/{Channels}";
}
