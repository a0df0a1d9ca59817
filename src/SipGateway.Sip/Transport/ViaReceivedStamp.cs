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
    // responses go back to the address and port the request came from, which is what NATed phones need.

    /// <summary>
    /// Where a response to a request goes over UDP (§18.2.2, RFC 3581 §4): received address (else sent-by host),
    /// rport when present, else the sent-by port (default 5060). Unknown Via → the packet's source.
    /// </summary>
    public static IPEndPoint ResponseDestination(SipMessage request, IPEndPoint source)
    {
        var via = request.TopVia;
        if (via is null) return source;
        var hostText = via.Received ?? via.Host.Trim('[', ']');
        if (!IPAddress.TryParse(hostText, out var address)) address = source.Address;
        int port = via.Rport ?? via.Port ?? 5060;
        return new IPEndPoint(address, port);
    }
}
