using Microsoft.Data.Sqlite;

namespace SipGateway.Storage;

/// <summary>
/// The SQLite file under Data:Directory that keeps what changes at run time (CDRs now; remote destinations, EM
/// logins and PINs later). Schema changes are numbered migrations tracked in <c>PRAGMA user_version</c>, so an older
/// file is upgraded in place and a newer one is refused rather than misread.
/// </summary>
public sealed class StateDatabase
{
    public const string FileName = "sipgateway.db";

    // Each entry upgrades the schema by one version; never edit a shipped entry, append a new one.
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE cdr (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            call_id TEXT NOT NULL,
            calling_original TEXT, calling_final TEXT,
            called_original TEXT, called_final TEXT,
            pattern TEXT, partition TEXT, route_member TEXT,
            inbound_leg TEXT, outbound_leg TEXT,
            start_utc TEXT NOT NULL, answer_utc TEXT, end_utc TEXT NOT NULL,
            cause_code INTEGER NOT NULL, cause_text TEXT
        );
        CREATE INDEX cdr_start ON cdr(start_utc);
        """,
    ];

    private readonly string _connectionString;

    private StateDatabase(string path)
    {
        Path = path;
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true }.ToString();
    }

    public string Path { get; }

    public static int SchemaVersion => Migrations.Length;

    /// <summary>Opens (creating if needed) the database in <paramref name="directory"/> and brings its schema up to date.</summary>
    public static StateDatabase Open(string directory)
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
        var db = new StateDatabase(path);
        try
        {
            db.Migrate();
        }
        catch (SqliteException ex)
        {
            throw new StorageException(path, $"cannot open or upgrade it ({ex.Message}); move the file aside to start empty", ex);
        }
        return db;
    }

    public SqliteConnection Connect()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        return c;
    }

    private void Migrate()
    {
        using var c = Connect();
        using (var wal = c.CreateCommand())
        {
            // WAL lets the HTTP API read CDRs while calls are being written.
            wal.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;";
            wal.ExecuteNonQuery();
        }
        long version;
        using (var v = c.CreateCommand())
        {
            v.CommandText = "PRAGMA user_version";
            version = (long)v.ExecuteScalar()!;
        }
        if (version > Migrations.Length)
            throw new StorageException(Path, $"schema version {version} is newer than this build understands ({Migrations.Length})");
        for (long i = version; i < Migrations.Length; i++)
        {
            using var tx = c.BeginTransaction();
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = Migrations[i] + $"; PRAGMA user_version = {i + 1};";
            cmd.ExecuteNonQuery();
            tx.Commit();
        }
    }
}
