namespace SipGateway.Sip.Message;

/// <summary>A SIP request or response (RFC 3261 §7). Typed views of the common headers are parsed on first use.</summary>
public abstract class SipMessage
{
    public const string Version20 = "SIP/2.0";

    protected SipMessage(SipHeaders headers, ReadOnlyMemory<byte> body, string version)
    {
        Headers = headers;
        Body = body;
        Version = version;
    }

    public SipHeaders Headers { get; }
    public ReadOnlyMemory<byte> Body { get; set; }
    public string Version { get; set; }

    public abstract bool IsRequest { get; }

    public string? CallId => Headers[HeaderId.CallId]?.Trim();

    public CSeqHeader? CSeq
    {
        get
        {
            // The transaction layer, dialog router and B2BUA each read CSeq, From and To tags several times per message:
            // parsed once per header value (re-parsed only when the header is replaced). Only immutable results are
            // kept; From and To hand out a fresh, mutable NameAddress each time.
            var raw = Headers[HeaderId.CSeq];
            var cached = _cseq;
            if (cached is not null && ReferenceEquals(cached.Raw, raw)) return cached.Value;
            var parsed = CSeqHeader.TryParse(raw, out var c) ? c : (CSeqHeader?)null;
            _cseq = new Parsed<CSeqHeader?>(raw, parsed);
            return parsed;
        }
    }

    public NameAddress? From => NameAddress.TryParse(Headers[HeaderId.From], out var a) ? a : null;

    public NameAddress? To => NameAddress.TryParse(Headers[HeaderId.To], out var a) ? a : null;

    public string? FromTag => TagOf(HeaderId.From, ref _fromTag);

    public string? ToTag => TagOf(HeaderId.To, ref _toTag);

    /// <summary>A value parsed from one header value: valid while the header still holds that same string.</summary>
    private sealed record Parsed<T>(string? Raw, T Value);

    private Parsed<CSeqHeader?>? _cseq;
    private Parsed<string?>? _fromTag, _toTag;

    private string? TagOf(HeaderId id, ref Parsed<string?>? cache)
    {
        var raw = Headers[id];
        var cached = cache;
        if (cached is not null && ReferenceEquals(cached.Raw, raw)) return cached.Value;
        var tag = NameAddress.TryParse(raw, out var a) ? a.Tag : null;
        cache = new Parsed<string?>(raw, tag);
        return tag;
    }

    /// <summary>The topmost Via value, which identifies the transaction (§17.1.3, §17.2.3).</summary>
    public ViaHeader? TopVia
    {
        get
        {
            var first = Headers[HeaderId.Via];
            if (first is null) return null;
            var values = HeaderValueList.Split(first);
            return ViaHeader.TryParse(values[0], out var via) ? via : null;
        }
    }

    public List<ViaHeader> Vias
    {
        get
        {
            var list = new List<ViaHeader>();
            foreach (var v in Headers.GetValues(HeaderId.Via))
                if (ViaHeader.TryParse(v, out var via)) list.Add(via);
            return list;
        }
    }

    public string? ContentType => Headers[HeaderId.ContentType]?.Trim();

    public string BodyText => System.Text.Encoding.UTF8.GetString(Body.Span);

    public void SetBody(string contentType, string body)
    {
        Body = System.Text.Encoding.UTF8.GetBytes(body);
        Headers.Set(HeaderId.ContentType, contentType);
    }

    public byte[] ToBytes() => SipSerializer.Serialize(this);

    public override string ToString() => System.Text.Encoding.UTF8.GetString(ToBytes());
}
