using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SipGateway.Storage.Sqlite;

/// <summary>Remote destinations in <c>cti_remote_destination</c>; the primary key on the number enforces RD_NOT_UNIQUE.</summary>
internal sealed class SqliteRemoteDestinationStore(SqliteStateDatabase db, TimeProvider clock) : IRemoteDestinationStore
{
    /// <summary>SQLITE_CONSTRAINT: the insert hit the primary key (the number exists).</summary>
    private const int Constraint = 19;

    public IReadOnlyList<RemoteDestinationRecord> All() => db.Run("reading remote destinations", () =>
    {
        using var c = db.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT device, number, name, active FROM cti_remote_destination ORDER BY created_utc, number";
        using var r = cmd.ExecuteReader();
        var list = new List<RemoteDestinationRecord>();
        while (r.Read()) list.Add(new RemoteDestinationRecord(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3) != 0));
        return list;
    });

    public bool Add(RemoteDestinationRecord rd) => db.Run($"adding remote destination {rd.Number}", () =>
    {
        using var c = db.Connect();
        using var tx = c.BeginTransaction();
        using var cmd = Write(c, tx, "INSERT INTO cti_remote_destination(number, device, name, active, created_utc) VALUES ($n, $d, $name, $a, $t)", rd);
        // The "O" form of a DateTimeOffset, as rows written by earlier builds: the list is ordered by this text.
        cmd.Parameters.AddWithValue("$t", clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        try { cmd.ExecuteNonQuery(); }
        catch (SqliteException ex) when (ex.SqliteErrorCode == Constraint) { return false; }
        tx.Commit();
        return true;
    });

    public void Update(RemoteDestinationRecord rd) => db.Run($"updating remote destination {rd.Number}", () =>
    {
        using var c = db.Connect();
        using var tx = c.BeginTransaction();
        using var cmd = Write(c, tx, "UPDATE cti_remote_destination SET name = $name, active = $a WHERE number = $n AND device = $d", rd);
        cmd.ExecuteNonQuery();
        tx.Commit();
    });

    public void Delete(string device, string number) => db.Run($"deleting remote destination {number}", () =>
    {
        using var c = db.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "DELETE FROM cti_remote_destination WHERE number = $n AND device = $d";
        cmd.Parameters.AddWithValue("$n", number);
        cmd.Parameters.AddWithValue("$d", device);
        cmd.ExecuteNonQuery();
    });

    /// <summary>An INSERT or UPDATE of <paramref name="rd"/>'s columns ($n, $d, $name, $a) in <paramref name="tx"/>, after the
    /// device's other remote destinations were made inactive when this one is active (one active per device, UCM).</summary>
    private static SqliteCommand Write(SqliteConnection c, SqliteTransaction tx, string sql, RemoteDestinationRecord rd)
    {
        if (rd.Active) ClearActive(c, tx, rd.Device);
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("$n", rd.Number);
        cmd.Parameters.AddWithValue("$d", rd.Device);
        cmd.Parameters.AddWithValue("$name", rd.Name);
        cmd.Parameters.AddWithValue("$a", rd.Active ? 1 : 0);
        return cmd;
    }

    private static void ClearActive(SqliteConnection c, SqliteTransaction tx, string device)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "UPDATE cti_remote_destination SET active = 0 WHERE device = $d";
        cmd.Parameters.AddWithValue("$d", device);
        cmd.ExecuteNonQuery();
    }
}
