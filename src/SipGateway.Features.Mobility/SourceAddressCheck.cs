using System.Net;

namespace SipGateway.Features.Mobility;

/// <summary>
/// UCM's "Validate IP Address", "Trusted List of IPs" and "Allow Proxy": a login or logout for a phone is accepted
/// only from that phone's own (registered) address or a trusted address. A request that came through a web proxy
/// (Via or X-Forwarded-For) is refused unless proxies are allowed; then the proxy itself must be trusted (otherwise
/// anyone could write the header) and the client address it forwards is what gets validated.
/// </summary>
public sealed class SourceAddressCheck(MobilityOptions options, Func<string, IEnumerable<IPAddress>> deviceAddresses)
{
    /// <summary>Null when the request may act for <paramref name="device"/>; else why not.</summary>
    public string? Refusal(string device, IPAddress remote, string? forwardedFor, string? via)
    {
        if (!options.ValidateIpAddress) return null;
        remote = Normal(remote);
        bool proxied = !string.IsNullOrWhiteSpace(forwardedFor) || !string.IsNullOrWhiteSpace(via);
        var client = remote;
        if (proxied)
        {
            if (!options.AllowProxy) return "the request came through a proxy (Via/X-Forwarded-For) and ExtensionMobility:AllowProxy is false";
            if (!IsTrusted(remote)) return $"the proxy {remote} is not in ExtensionMobility:TrustedIps";
            if (!string.IsNullOrWhiteSpace(forwardedFor))
            {
                // The left-most entry is the original client (each proxy appends the address it received from).
                var first = forwardedFor.Split(',')[0].Trim();
                if (!IPAddress.TryParse(first, out var forwarded)) return $"X-Forwarded-For '{first}' is not an IP address";
                client = Normal(forwarded);
            }
            else return null; // Via alone names no client: the trusted proxy vouches for it
        }
        if (IsTrusted(client)) return null;
        foreach (var a in deviceAddresses(device))
            if (Normal(a).Equals(client)) return null;
        return $"{client} is neither the address of {device} nor in ExtensionMobility:TrustedIps";
    }

    private bool IsTrusted(IPAddress address)
    {
        foreach (var n in options.TrustedIps)
            if (n.Contains(address)) return true;
        return false;
    }

    private static IPAddress Normal(IPAddress a) => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a;
}
