namespace SipGateway.Storage;

/// <summary>
/// The database that keeps what changes at run time, as one store per kind of state. The host opens one (SQLite under
/// Data:Directory today; a server engine can implement the same stores for a cluster) and hands each feature the store
/// it needs. Stores are created on first use and shared; disposing the database disposes them.
/// </summary>
public interface IStateDatabase : IDisposable
{
    /// <summary>Where the state is (a file path, or server and database), for messages.</summary>
    string Location { get; }

    ICdrStore Cdrs { get; }

    IRemoteDestinationStore RemoteDestinations { get; }

    ICtiDeviceCallSettingsStore CtiDeviceCallSettings { get; }

    IExtensionMobilityStore ExtensionMobility { get; }
}
