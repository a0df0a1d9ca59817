using Microsoft.Data.Sqlite;

namespace SipGateway.Storage.Sqlite;

/// <summary>
/// The state database as one SQLite file under Data:Directory (the embedded default: nothing else to run). Schema
/// changes are numbered migrations tracked in <c>PRAGMA user_version</c>, so an older file is upgraded in place and a
/// newer one is refused rather than misread. Connections never leave this assembly: features get the stores.
/// </summary>
public sealed class SqliteStateDatabase : IStateDatabase
{
    public const string FileName = "sipgateway.db";

    private readonly string _connectionString;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private SqliteCdrStore? _cdrs;
    private SqliteRemoteDestinationStore? _remoteDestinations;
    private SqliteCtiDeviceCallSettingsStore? _deviceCallSettings;
    private SqliteExtensionMobilityStore? _mobility;

    private SqliteStateDatabase(string path, TimeProvider clock)
    {
        Path = path;
        _clock = clock;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
    }

    public string Path { get; }

    public string Location => Path;

    public static int SchemaVersion => SqliteMigrations.All.Count;

    /// <summary>Opens (creating if needed) the database in <paramref name="directory"/> and brings its schema up to date.</summary>
    /// <exception cref="StorageException">The folder or file cannot be used, or the file is from a newer build.</exception>
    public static SqliteStateDatabase Open(string directory, TimeProvider? clock = null)
    {
        var path = System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, FileName));
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StorageException(path, $"cannot create the folder {directory} ({ex.Message}); check Data:Directory", ex);
        }
        var db = new SqliteStateDatabase(path, clock ?? TimeProvider.System);
        try
        {
            using var c = db.Connect();
            SqliteMigrations.Apply(c, path);
        }
        catch (SqliteException ex)
        {
            throw new StorageException(path, $"cannot open or upgrade it ({ex.Message}); move the file aside to start empty", ex);
        }
        return db;
    }

    public ICdrStore Cdrs => Get(ref _cdrs, () => new SqliteCdrStore(this));

    public IRemoteDestinationStore RemoteDestinations => Get(ref _remoteDestinations, () => new SqliteRemoteDestinationStore(this, _clock));

    public ICtiDeviceCallSettingsStore CtiDeviceCallSettings => Get(ref _deviceCallSettings, () => new SqliteCtiDeviceCallSettingsStore(this, _clock));

    public IExtensionMobilityStore ExtensionMobility => Get(ref _mobility, () => new SqliteExtensionMobilityStore(this));

    internal SqliteConnection Connect()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        return c;
    }

    /// <summary>
    /// Runs one store operation: what SQLite refuses (a locked, full, read-only or damaged file, a missing table)
    /// comes out as a <see cref="StorageException"/> saying what was being done.
    /// </summary>
    internal T Run<T>(string what, Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (Exception ex) when (Failure(what, ex) is { } error)
        {
            throw error;
        }
    }

    internal void Run(string what, Action operation) => Run(what, () =>
    {
        operation();
        return true;
    });

    /// <summary>The <see cref="StorageException"/> for what a provider call threw; null for anything else (a bug, not the database).</summary>
    internal StorageException? Failure(string what, Exception ex) => ex switch
    {
        StorageException s => s,
        SqliteException s => new StorageException(Path, $"{what} failed: {s.Message}", s),
        IOException io => new StorageException(Path, $"{what} failed: {io.Message}", io),
        _ => null,
    };

    private T Get<T>(ref T? store, Func<T> create) where T : class
    {
        lock (_gate) return store ??= create();
    }

    /// <summary>Writes the queued CDRs and closes the stores.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _cdrs?.Dispose();
            _mobility?.Dispose();
        }
    }
}
