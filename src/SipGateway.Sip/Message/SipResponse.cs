namespace SipGateway.Sip.Message;

public sealed class SipResponse : SipMessage
{
    public SipResponse(int statusCode, string reasonPhrase, SipHeaders? headers = null, ReadOnlyMemory<byte> body = default,
        string version = Version20) : base(headers ?? new SipHeaders(), body, version)
    {
        StatusCode = statusCode;
        ReasonPhrase = reasonPhrase;
    }

    public int StatusCode { get; set; }
    public string ReasonPhrase { get; set; }
    public override bool IsRequest => false;

    public bool IsProvisional => StatusCode < 200;
    public bool IsSuccess => StatusCode is >= 200 and < 300;
    public bool IsFinal => StatusCode >= 200;
}
