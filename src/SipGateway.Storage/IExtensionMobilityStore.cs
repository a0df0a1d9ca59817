namespace SipGateway.Storage;

/// <summary>
/// The run-time state of Extension Mobility: who is logged in where (so logins survive a restart), PINs changed
/// through the change-credential service (salted hashes, never the PIN), and the last user of each phone. Device
/// names compare without case, as in UCM. Synchronous by design (see <see cref="ICdrStore"/>).
/// </summary>
public interface IExtensionMobilityStore
{
    /// <summary>Every saved login, oldest first.</summary>
    /// <exception cref="StorageException">The database could not be read.</exception>
    IReadOnlyList<MobilityLoginRecord> Logins();

    /// <summary>Records a login and, in the same transaction, the logouts it caused (auto-logout elsewhere) and the phone's last user.</summary>
    /// <exception cref="StorageException">The database refused it; nothing was written.</exception>
    void SaveLogin(MobilityLoginRecord login, IEnumerable<string> loggedOutDevices);

    /// <exception cref="StorageException">The database refused it.</exception>
    void DeleteLogin(string device);

    /// <summary>Each phone's last user, by device name.</summary>
    /// <exception cref="StorageException">The database could not be read.</exception>
    IReadOnlyDictionary<string, string> LastUsers();

    /// <summary>The PINs users changed, by user ID.</summary>
    /// <exception cref="StorageException">The database could not be read.</exception>
    IReadOnlyDictionary<string, StoredPin> ChangedPins();

    /// <exception cref="StorageException">The database refused it.</exception>
    void SavePin(string userId, StoredPin pin, DateTimeOffset when);
}
