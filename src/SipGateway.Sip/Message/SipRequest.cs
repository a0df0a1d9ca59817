namespace SipGateway.Sip.Message;

public sealed class SipRequest : SipMessage
{
    private SipUri? _uri;

    public SipRequest(string method, string requestUri, SipHeaders? headers = null, ReadOnlyMemory<byte> body = default,
        string version = Version20) : base(headers ?? new SipHeaders(), body, version)
    {
        Method = method;
        RequestUriText = requestUri;
    }

    public string Method { get; set; }

    /// <summary>The Request-URI as it stood on the wire.</summary>
    public string RequestUriText { get; private set; }

    /// <summary>The parsed Request-URI; null when it is not a URI this stack can parse.</summary>
    public SipUri? RequestUri
    {
        get
        {
            if (_uri is null && SipUri.TryParse(RequestUriText, out var uri)) _uri = uri;
            return _uri;
        }
        set
        {
            _uri = value;
            RequestUriText = value?.ToString() ?? "";
        }
    }

    public override bool IsRequest => true;

    public int? MaxForwards => int.TryParse(Headers[HeaderId.MaxForwards], out var mf) ? mf : null;
}
