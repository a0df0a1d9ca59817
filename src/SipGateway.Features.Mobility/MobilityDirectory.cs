namespace SipGateway.Features.Mobility;

/// <summary>
/// The provisioned side of Extension Mobility: users, device profiles and the phones that allow logins. Immutable
/// (PIN changes and logins are run-time state kept elsewhere), so safe to share.
/// </summary>
public sealed class MobilityDirectory
{
    private readonly Dictionary<string, MobilityUser> _users;
    private readonly Dictionary<string, MobilityUser> _byExtension;
    private readonly Dictionary<string, DeviceProfile> _profiles;
    private readonly Dictionary<string, bool> _phones;

    /// <param name="phones">Every configured device name, with its EnableExtensionMobility flag.</param>
    public MobilityDirectory(IEnumerable<MobilityUser> users, IEnumerable<DeviceProfile> profiles, IReadOnlyDictionary<string, bool> phones)
    {
        _users = users.ToDictionary(u => u.UserId, StringComparer.Ordinal);
        _byExtension = new Dictionary<string, MobilityUser>(StringComparer.Ordinal);
        foreach (var u in _users.Values)
            if (u.PrimaryExtension is { Length: > 0 } ext) _byExtension.TryAdd(ext, u);
        _profiles = profiles.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        _phones = new Dictionary<string, bool>(phones, StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyCollection<MobilityUser> Users => _users.Values;

    public IReadOnlyCollection<string> ProfileNames => _profiles.Keys;

    public MobilityUser? User(string userId) => _users.GetValueOrDefault(userId);

    public MobilityUser? UserByExtension(string extension) => _byExtension.GetValueOrDefault(extension);

    public DeviceProfile? Profile(string name) => _profiles.GetValueOrDefault(name);

    public bool DeviceExists(string device) => _phones.ContainsKey(device);

    public bool MobilityEnabled(string device) => _phones.GetValueOrDefault(device);

    /// <summary>The configured spelling of a device name (device names are case-insensitive, as in UCM).</summary>
    public string CanonicalDevice(string device) => _phones.Keys.FirstOrDefault(k => string.Equals(k, device, StringComparison.OrdinalIgnoreCase)) ?? device;
}
