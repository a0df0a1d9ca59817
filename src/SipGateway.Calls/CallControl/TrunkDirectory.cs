using System.Net;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// The configured trunks. A request whose source address is in a trunk's AllowedSources comes from that trunk;
/// nothing else is trusted without digest authentication (no open relay).
/// </summary>
public sealed class TrunkDirectory
{
    private readonly Dictionary<string, TrunkEndpoint> _byName;

    public TrunkDirectory(IEnumerable<TrunkEndpoint> trunks) =>
        _byName = trunks.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public TrunkEndpoint? Get(string name) => _byName.GetValueOrDefault(name);

    public IEnumerable<TrunkEndpoint> All => _byName.Values;

    public TrunkEndpoint? FromSource(IPAddress source)
    {
        var ip = source.IsIPv4MappedToIPv6 ? source.MapToIPv4() : source;
        foreach (var t in _byName.Values)
            if (t.AllowedSources.Any(a => a.Equals(ip))) return t;
        return null;
    }
}
