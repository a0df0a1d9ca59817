namespace SipGateway.Sip.Sdp;

/// <summary>A <c>c=IN IP4 address</c> line (RFC 4566 §5.7). <c>0.0.0.0</c> is the RFC 2543 way of putting a call on hold.</summary>
public sealed record SdpConnection(string NetworkType, string AddressType, string Address)
{
    public static SdpConnection Ip4(string address) => new("IN", "IP4", address);

    public bool IsHoldAddress => Address is "0.0.0.0" or "::";

    public static bool TryParse(string value, out SdpConnection connection)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        connection = parts.Length == 3 ? new SdpConnection(parts[0], parts[1], parts[2]) : null!;
        return parts.Length == 3;
    }

    public override string ToString() => $"c={NetworkType} {AddressType} {Address}";
}
