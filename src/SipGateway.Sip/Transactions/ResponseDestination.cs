using System.Net;
using SipGateway.Sip.Message;
using SipGateway.Sip.Transport;

namespace SipGateway.Sip.Transactions;

/// <summary>Where the responses of a server transaction go (RFC 3261 §18.2.2, RFC 3581 §4).</summary>
public static class ResponseDestination
{
    public static SipEndPoint For(SipRequest request, SipEndPoint source)
    {
        // Reliable: back over the connection the request came on. With rport: the source address and port, which
        // is what gets through NAT (RFC 3581). Otherwise the received address (the source IP) and the sent-by port.
        if (source.Transport.IsReliable()) return source;
        var via = request.TopVia;
        if (via is null || via.HasRport) return source;
        int port = via.Port ?? 5060;
        return port == source.Address.Port ? source : source with { Address = new IPEndPoint(source.Address.Address, port) };
    }
}
