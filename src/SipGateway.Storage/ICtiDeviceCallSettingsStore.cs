namespace SipGateway.Storage;

/// <summary>
/// CTI Call Forward All and Do Not Disturb of remote devices: UCM keeps a line's CFA and DND in its database, so they
/// survive a restart. A device with neither set has no row. Synchronous by design (see <see cref="ICdrStore"/>).
/// </summary>
public interface ICtiDeviceCallSettingsStore
{
    /// <summary>Every stored setting, by device name: forward-all destination (null: none), do not disturb.</summary>
    /// <exception cref="StorageException">The database could not be read.</exception>
    IReadOnlyList<(string Device, string? ForwardAll, bool DoNotDisturb)> All();

    /// <summary>Writes the device's settings; neither set removes its row.</summary>
    /// <exception cref="StorageException">The database refused it.</exception>
    void Save(string device, string? forwardAll, bool doNotDisturb);
}
