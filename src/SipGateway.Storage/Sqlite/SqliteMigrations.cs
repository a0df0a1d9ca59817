using Microsoft.Data.Sqlite;

namespace SipGateway.Storage.Sqlite;

/// <summary>
/// The SQLite schema, one numbered step per change, applied in order from the file's <c>PRAGMA user_version</c>.
/// Never edit a shipped entry, append a new one. The feature tables use "IF NOT EXISTS" because builds before they
/// were migrations created them on their own in a file still at version 1.
/// </summary>
internal static class SqliteMigrations
{
    public static readonly IReadOnlyList<string> All =
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
        // Remote destinations: one dial number exists once in the whole system (the primary key enforces RD_NOT_UNIQUE
        // even between racing requests).
        """
        CREATE TABLE IF NOT EXISTS cti_remote_destination (
            number TEXT NOT NULL PRIMARY KEY,
            device TEXT NOT NULL,
            name TEXT NOT NULL,
            active INTEGER NOT NULL DEFAULT 0,
            created_utc TEXT NOT NULL
        );
        CREATE INDEX IF NOT EXISTS cti_remote_destination_device ON cti_remote_destination(device);
        """,
        // CTI Call Forward All and Do Not Disturb of remote devices; a device with neither set has no row.
        """
        CREATE TABLE IF NOT EXISTS cti_device_call_settings (
            device TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
            forward_all TEXT NULL,
            do_not_disturb INTEGER NOT NULL DEFAULT 0,
            updated_utc TEXT NOT NULL
        );
        """,
        // Extension Mobility: logins (they survive a restart), changed PINs (salted hashes), each phone's last user.
        """
        CREATE TABLE IF NOT EXISTS em_login (
            device TEXT PRIMARY KEY COLLATE NOCASE,
            user_id TEXT NOT NULL, profile TEXT NOT NULL,
            login_utc TEXT NOT NULL, expires_utc TEXT
        );
        CREATE TABLE IF NOT EXISTS em_pin (user_id TEXT PRIMARY KEY, salt BLOB NOT NULL, hash BLOB NOT NULL, changed_utc TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS em_last_user (device TEXT PRIMARY KEY COLLATE NOCASE, user_id TEXT NOT NULL);
        """,
        // Extension Mobility lockouts in force (user IDs as typed, compared without case as the service does).
        """
        CREATE TABLE em_lockout (user_id TEXT PRIMARY KEY COLLATE NOCASE, locked_until TEXT NOT NULL);
        """,
    ];

    /// <exception cref="StorageException">The file's schema is newer than this build.</exception>
    public static void Apply(SqliteConnection c, string path)
    {
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
        if (version > All.Count)
            throw new StorageException(path, $"schema version {version} is newer than this build understands ({All.Count})");
        for (long i = version; i < All.Count; i++)
        {
            using var tx = c.BeginTransaction();
            using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = All[(int)i] + $"; PRAGMA user_version = {i + 1};";
            cmd.ExecuteNonQuery();
            tx.Commit();
        }
    }
}
