namespace SipGateway.Storage;

/// <summary>
/// The remote destinations of CTI remote devices and their active flag (changed at run time by CTI clients; they must
/// survive a restart). A dial number exists once in the whole system, whatever the device. Synchronous by design
/// (see <see cref="ICdrStore"/>).
/// </summary>
public interface IRemoteDestinationStore
{
    /// <summary>Every destination, in the order they were added.</summary>
    /// <exception cref="StorageException">The database could not be read.</exception>
    IReadOnlyList<RemoteDestinationRecord> All();

    /// <summary>Inserts a destination (clearing the device's other active flag when it is active). False when the number exists.</summary>
    /// <exception cref="StorageException">The database refused it for another reason.</exception>
    bool Add(RemoteDestinationRecord rd);

    /// <summary>Writes the name and active flag of the device's destination (clearing the device's other active flag when it is active).</summary>
    /// <exception cref="StorageException">The database refused it.</exception>
    void Update(RemoteDestinationRecord rd);

    /// <exception cref="StorageException">The database refused it.</exception>
    void Delete(string device, string number);
}
