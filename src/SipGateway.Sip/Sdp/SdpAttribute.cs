namespace SipGateway.Sip.Sdp;

/// <summary>An <c>a=name[:value]</c> line (RFC 4566 §5.13).</summary>
public sealed record SdpAttribute(string Name, string? Value)
{
    public override string ToString() => Value is null ? $"a={Name}" : $"a={Name}:{Value}";
}
