using System.Net;
using System.Net.Sockets;

namespace SipGateway.Sip.Security;

/// <summary>
/// Addresses and networks (CIDR) a security policy leaves alone: trunks and <c>Security:TrustedSources</c>. Small and
/// read-only; IPv4-mapped IPv6 addresses match their IPv4 form.
/// </summary>
public sealed class SourceAddressSet
{
    private readonly HashSet<IPAddress> _addresses = [];
    private readonly List<IPNetwork> _networks = [];

    public SourceAddressSet(IEnumerable<IPNetwork> entries)
    {
        foreach (var n in entries)
        {
            if (n.PrefixLength == HostPrefix(n.BaseAddress)) _addresses.Add(n.BaseAddress);
            else _networks.Add(n);
        }
    }

    public static SourceAddressSet Empty { get; } = new([]);

    public bool IsEmpty => _addresses.Count == 0 && _networks.Count == 0;

    public bool Contains(IPAddress address)
    {
        if (IsEmpty) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (_addresses.Contains(address)) return true;
        foreach (var n in _networks) if (n.Contains(address)) return true;
        return false;
    }

    /// <summary>This set plus single <paramref name="addresses"/> (a trunk's sources and destination).</summary>
    public SourceAddressSet With(IEnumerable<IPAddress> addresses) =>
        new(_addresses.Concat(addresses).Select(Host).Concat(_networks));

    public static IPNetwork Host(IPAddress address) => new(address, HostPrefix(address));

    private static int HostPrefix(IPAddress address) => address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
}
