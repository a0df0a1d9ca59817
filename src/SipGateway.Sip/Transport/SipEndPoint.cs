using System.Net;

namespace SipGateway.Sip.Transport;

/// <summary>A transport and a socket address: where a message came from or goes to.</summary>
public readonly record struct SipEndPoint(SipTransportKind Transport, IPEndPoint Address)
{
    public override string ToString() => $"{Transport.ViaName().ToLowerInvariant()}:{Address}";
}
