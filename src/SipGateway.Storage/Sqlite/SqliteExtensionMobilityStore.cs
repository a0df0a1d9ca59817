using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SipGateway.Storage.Sqlite;

/// <summary>
/// Extension Mobility state in <c>em_login</c>, <c>em_pin</c> and <c>em_last_user</c>. One connection, used under a
/// lock: SQLite has one writer anyway, and this skips the pool on every login.
/// </summary>
internal sealed class SqliteExtensionMobilityStore : IDisposable, IExtensionMobilityStore
{
    private readonly SqliteStateDatabase _db;
    private readonly Lock _gate = new();
    private SqliteConnection? _connection;

    public SqliteExtensionMobilityStore(SqliteStateDatabase db) => _db = db;

    public IReadOnlyList<MobilityLoginRecord> Logins() => Use("reading Extension Mobility logins", c =>
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT device, user_id, profile, login_utc, expires_utc FROM em_login ORDER BY login_utc";
        using var r = cmd.ExecuteReader();
        var list = new List<MobilityLoginRecord>();
        while (r.Read())
            list.Add(new MobilityLoginRecord(r.GetString(0), r.GetString(1), r.GetString(2), Parse(r.GetString(3)), r.IsDBNull(4) ? null : Parse(r.GetString(4))));
        return list;
    });

    public void SaveLogin(MobilityLoginRecord login, IEnumerable<string> loggedOutDevices) => Use($"saving the login of {login.UserId} to {login.Device}", c =>
    {
        using var tx = c.BeginTransaction();
        foreach (var device in loggedOutDevices) Run(c, tx, "DELETE FROM em_login WHERE device = $d", ("$d", device));
        Run(c, tx, "INSERT OR REPLACE INTO em_login (device, user_id, profile, login_utc, expires_utc) VALUES ($d, $u, $p, $t, $e)",
            ("$d", login.Device), ("$u", login.UserId), ("$p", login.Profile), ("$t", Format(login.LoginTime)),
            ("$e", login.ExpiresAt is { } e ? Format(e) : null));
        Run(c, tx, "INSERT OR REPLACE INTO em_last_user (device, user_id) VALUES ($d, $u)", ("$d", login.Device), ("$u", login.UserId));
        tx.Commit();
        return true;
    });

    public void DeleteLogin(string device) => Use($"removing the login on {device}", c =>
    {
        using var tx = c.BeginTransaction();
        Run(c, tx, "DELETE FROM em_login WHERE device = $d", ("$d", device));
        tx.Commit();
        return true;
    });

    public IReadOnlyDictionary<string, string> LastUsers() =>
        ReadMap("reading the last users of phones", "SELECT device, user_id FROM em_last_user", StringComparer.OrdinalIgnoreCase, r => r.GetString(1));

    public IReadOnlyDictionary<string, StoredPin> ChangedPins() =>
        ReadMap("reading changed PINs", "SELECT user_id, salt, hash FROM em_pin", StringComparer.Ordinal, r => new StoredPin((byte[])r[1], (byte[])r[2]));

    /// <summary>Rows of <paramref name="sql"/> keyed by their first column.</summary>
    private Dictionary<string, T> ReadMap<T>(string what, string sql, StringComparer keys, Func<SqliteDataReader, T> value) => Use(what, c =>
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var map = new Dictionary<string, T>(keys);
        while (r.Read()) map[r.GetString(0)] = value(r);
        return map;
    });

    public void SavePin(string userId, StoredPin pin, DateTimeOffset when) => Use($"saving the PIN of {userId}", c =>
    {
        using var tx = c.BeginTransaction();
        Run(c, tx, "INSERT OR REPLACE INTO em_pin (user_id, salt, hash, changed_utc) VALUES ($u, $s, $h, $t)",
            ("$u", userId), ("$s", pin.Salt), ("$h", pin.Hash), ("$t", Format(when)));
        tx.Commit();
        return true;
    });

    public IReadOnlyDictionary<string, DateTimeOffset> Lockouts(DateTimeOffset now) => Use("reading Extension Mobility lockouts", c =>
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT user_id, locked_until FROM em_lockout WHERE locked_until > $now";
        cmd.Parameters.AddWithValue("$now", StorageTime.Format(now));
        using var r = cmd.ExecuteReader();
        var map = new Dictionary<string, DateTimeOffset>(StringComparer.OrdinalIgnoreCase);
        while (r.Read()) map[r.GetString(0)] = StorageTime.Parse(r.GetString(1));
        return map;
    });

    public void SaveLockout(string userId, DateTimeOffset until, DateTimeOffset now) => Use($"saving the lockout of {userId}", c =>
    {
        using var tx = c.BeginTransaction();
        // Fixed-width UTC text (StorageTime), so comparing the text compares the times.
        Run(c, tx, "DELETE FROM em_lockout WHERE locked_until <= $now", ("$now", StorageTime.Format(now)));
        Run(c, tx, "INSERT OR REPLACE INTO em_lockout (user_id, locked_until) VALUES ($u, $t)", ("$u", userId), ("$t", StorageTime.Format(until)));
        tx.Commit();
        return true;
    });

    public void Dispose()
    {
        lock (_gate)
        {
            _connection?.Dispose();
            _connection = null;
        }
    }

    /// <summary>Runs <paramref name="work"/> on the store's connection (opened on first use) under the lock.</summary>
    private T Use<T>(string what, Func<SqliteConnection, T> work) => _db.Run(what, () =>
    {
        lock (_gate)
        {
            if (_connection is null)
            {
                var c = _db.Connect();
                try
                {
                    // WAL with synchronous=NORMAL: a commit survives a gateway crash; only a power cut may lose the last logins.
                    using var cmd = c.CreateCommand();
                    cmd.CommandText = "PRAGMA synchronous=NORMAL;";
                    cmd.ExecuteNonQuery();
                }
                catch
                {
                    c.Dispose();
                    throw;
                }
                _connection = c;
            }
            return work(_connection);
        }
    });

    private static void Run(SqliteConnection c, SqliteTransaction tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        cmd.ExecuteNonQuery();
    }

    private static string Format(DateTimeOffset t) => t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
