namespace SipGateway.Storage;

/// <summary>
/// The run-time state of Extension Mobility: who is logged in where (so logins survive a restart), PINs changed
/// through the change-credential service (salted hashes, never the PIN), the last user of each phone, and the user
/// IDs locked out after wrong PINs (a restart must not hand a guesser a fresh set of tries). Device names and
/// lockout user IDs compare without case, as the service does. Synchronous by design (see <see cref="ICdrStore"/>).
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

    /// <summary>The user IDs locked out at <paramref name="now"/>, with when each lock ends.</summary>
    /// <exception cref="StorageException">The database could not be read.</exception>
    IReadOnlyDictionary<string, DateTimeOffset> Lockouts(DateTimeOffset now);

    /// <summary>Records that <paramref name="userId"/> is locked out until <paramref name="until"/>, and forgets locks that ended by <paramref name="now"/>
    /// (so the table holds only locks in force: made-up user IDs cannot grow it for good).</summary>
    /// <exception cref="StorageException">The database refused it.</exception>
    void SaveLockout(string userId, DateTimeOffset until, DateTimeOffset now);
}
