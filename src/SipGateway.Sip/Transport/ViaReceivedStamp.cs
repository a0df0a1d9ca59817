using System.Net;
using SipGateway.Sip.Message;

namespace SipGateway.Sip.Transport;

/// <summary>
/// Records where a request really came from in its top Via: "received" when the sent-by host differs from the
/// source address (RFC 3261 §18.2.1), and, when the client asked with an empty "rport", the source port with
/// "received" always set (RFC 3581 §4). Responses then find their way back through NAT.
/// </summary>
public static class ViaReceivedStamp
{
    public static void Apply(SipRequest request, IPEndPoint source, bool forceRport = false)
    {
        var via = request.TopVia;
        if (via is null) return;
        var ip = source.Address.IsIPv4MappedToIPv6 ? source.Address.MapToIPv4() : source.Address;
        var sourceHost = ip.ToString();
        bool changed = false;
        if (via.HasRport && via.Rport is null || forceRport)
        {
            via.Parameters.Set("rport", source.Port.ToString());
            via.Received = sourceHost;
            changed = true;
        }
        else if (!string.Equals(via.Host.Trim('[', ']'), sourceHost, StringComparison.OrdinalIgnoreCase))
        {
            via.Received = sourceHost;
            changed = true;
        }
        if (changed) request.Headers.ReplaceFirstValue(HeaderId.Via, via.ToString());
    }

    // With forceRport the gateway behaves as if every client had asked for rport (as Asterisk's force_rport does):
    // responses then go back to the address and port the request came from (Transactions.ResponseDestination),
    // which is what NATed phones need.
}
