using System.Globalization;
using Microsoft.Data.Sqlite;
using SipGateway.Storage;

namespace SipGateway.Features.Mobility;

/// <summary>
/// The run-time state of Extension Mobility in the gateway's SQLite file: who is logged in where (so logins survive a
/// restart), PINs changed through the change-credential service (salted hashes), and the last user of each phone.
/// One connection, used under a lock: SQLite has one writer anyway, and this skips the pool on every login.
/// </summary>
public sealed class MobilityStateStore : IDisposable
{
    // Tables are created here rather than as a StateDatabase migration so this feature's schema stays in its own file;
    // "IF NOT EXISTS" makes opening an older file an upgrade.
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS em_login (
            device TEXT PRIMARY KEY COLLATE NOCASE,
            user_id TEXT NOT NULL, profile TEXT NOT NULL,
            login_utc TEXT NOT NULL, expires_utc TEXT
        );
        CREATE TABLE IF NOT EXISTS em_pin (user_id TEXT PRIMARY KEY, salt BLOB NOT NULL, hash BLOB NOT NULL, changed_utc TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS em_last_user (device TEXT PRIMARY KEY COLLATE NOCASE, user_id TEXT NOT NULL);
        """;

    private readonly SqliteConnection _connection;
    private readonly Lock _gate = new();

    public MobilityStateStore(StateDatabase database)
    {
        _connection = database.Connect();
        // WAL with synchronous=NORMAL: a commit survives a gateway crash; only a power cut may lose the last logins.
        Execute(Schema + "PRAGMA synchronous=NORMAL;");
    }

    public IReadOnlyList<MobilityLogin> Logins()
    {
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT device, user_id, profile, login_utc, expires_utc FROM em_login ORDER BY login_utc";
            using var r = cmd.ExecuteReader();
            var list = new List<MobilityLogin>();
            while (r.Read())
                list.Add(new MobilityLogin(r.GetString(0), r.GetString(1), r.GetString(2), Parse(r.GetString(3)), r.IsDBNull(4) ? null : Parse(r.GetString(4))));
            return list;
        }
    }

    /// <summary>Records a login and, in the same transaction, the logouts it caused (auto-logout elsewhere) and the phone's last user.</summary>
    public void SaveLogin(MobilityLogin login, IEnumerable<string> loggedOutDevices)
    {
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            foreach (var device in loggedOutDevices) Run(tx, "DELETE FROM em_login WHERE device = $d", ("$d", device));
            Run(tx, "INSERT OR REPLACE INTO em_login (device, user_id, profile, login_utc, expires_utc) VALUES ($d, $u, $p, $t, $e)",
                ("$d", login.Device), ("$u", login.UserId), ("$p", login.Profile), ("$t", Format(login.LoginTime)),
                ("$e", login.ExpiresAt is { } e ? Format(e) : null));
            Run(tx, "INSERT OR REPLACE INTO em_last_user (device, user_id) VALUES ($d, $u)", ("$d", login.Device), ("$u", login.UserId));
            tx.Commit();
        }
    }

    public void DeleteLogin(string device)
    {
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            Run(tx, "DELETE FROM em_login WHERE device = $d", ("$d", device));
            tx.Commit();
        }
    }

    public IReadOnlyDictionary<string, string> LastUsers()
    {
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT device, user_id FROM em_last_user";
            using var r = cmd.ExecuteReader();
            var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            while (r.Read()) map[r.GetString(0)] = r.GetString(1);
            return map;
        }
    }

    public IReadOnlyDictionary<string, PinHash> ChangedPins()
    {
        lock (_gate)
        {
            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "SELECT user_id, salt, hash FROM em_pin";
            using var r = cmd.ExecuteReader();
            var map = new Dictionary<string, PinHash>(StringComparer.Ordinal);
            while (r.Read()) map[r.GetString(0)] = new PinHash((byte[])r[1], (byte[])r[2]);
            return map;
        }
    }

    public void SavePin(string userId, PinHash pin, DateTimeOffset when)
    {
        lock (_gate)
        {
            using var tx = _connection.BeginTransaction();
            Run(tx, "INSERT OR REPLACE INTO em_pin (user_id, salt, hash, changed_utc) VALUES ($u, $s, $h, $t)",
                ("$u", userId), ("$s", pin.Salt), ("$h", pin.Hash), ("$t", Format(when)));
            tx.Commit();
        }
    }

    private void Run(SqliteTransaction tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using var cmd = _connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        cmd.ExecuteNonQuery();
    }

    private void Execute(string sql)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static string Format(DateTimeOffset t) => t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public void Dispose()
    {
        lock (_gate) _connection.Dispose();
    }
}
