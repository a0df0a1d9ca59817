namespace SipGateway.Calls.Registration;

/// <summary>A fixed set of devices, indexed by auth user, DN and name. Immutable, so thread-safe.</summary>
public sealed class DeviceCredentialList : IDeviceCredentialSource
{
    private readonly Dictionary<string, DeviceCredential> _byName = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<DeviceCredential>> _byAuthUser = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<DeviceCredential>> _byDn = new(StringComparer.Ordinal);

    public DeviceCredentialList(IEnumerable<DeviceCredential> devices)
    {
        foreach (var d in devices)
        {
            if (!_byName.TryAdd(d.Name, d)) throw new ArgumentException($"device '{d.Name}' is listed twice", nameof(devices));
            Index(_byAuthUser, d.AuthUser, d);
            foreach (var dn in d.Dns.Distinct(StringComparer.Ordinal)) Index(_byDn, dn, d);
        }
    }

    private static void Index(Dictionary<string, List<DeviceCredential>> index, string key, DeviceCredential d)
    {
        if (!index.TryGetValue(key, out var list)) index[key] = list = [];
        list.Add(d);
    }

    public IReadOnlyList<DeviceCredential> ByAuthUser(string authUser) => _byAuthUser.TryGetValue(authUser, out var l) ? l : [];

    public IReadOnlyList<DeviceCredential> ByDn(string dn) => _byDn.TryGetValue(dn, out var l) ? l : [];

    public DeviceCredential? ByName(string deviceName) => _byName.GetValueOrDefault(deviceName);
}
