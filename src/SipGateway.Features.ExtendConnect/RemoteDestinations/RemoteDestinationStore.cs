using Microsoft.Data.Sqlite;
using SipGateway.Storage;

namespace SipGateway.Features.ExtendConnect.RemoteDestinations;

/// <summary>
/// Remote destinations and their active flag in the gateway's SQLite file (they are changed at run time by CTI
/// clients and must survive a restart). The table is the feature's own, created if missing, so the shared numbered
/// migrations stay untouched. One dial number exists once in the whole system (the primary key enforces RD_NOT_UNIQUE
/// even between racing requests).
/// </summary>
public sealed class RemoteDestinationStore
{
    private readonly StateDatabase _db;

    public RemoteDestinationStore(StateDatabase db)
    {
        _db = db;
        using var c = _db.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            CREATE TABLE IF NOT EXISTS cti_remote_destination (
                number TEXT NOT NULL PRIMARY KEY,
                device TEXT NOT NULL,
                name TEXT NOT NULL,
                active INTEGER NOT NULL DEFAULT 0,
                created_utc TEXT NOT NULL
            );
            CREATE INDEX IF NOT EXISTS cti_remote_destination_device ON cti_remote_destination(device);
            """;
        cmd.ExecuteNonQuery();
    }

    public IReadOnlyList<RemoteDestination> All()
    {
        using var c = _db.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT device, number, name, active FROM cti_remote_destination ORDER BY created_utc, number";
        using var r = cmd.ExecuteReader();
        var list = new List<RemoteDestination>();
        while (r.Read()) list.Add(new RemoteDestination(r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt64(3) != 0));
        return list;
    }

    /// <summary>Inserts a destination (clearing the device's other active flag when it is active). False when the number exists.</summary>
    public bool Add(RemoteDestination rd)
    {
        using var c = _db.Connect();
        using var tx = c.BeginTransaction();
        if (rd.Active) ClearActive(c, tx, rd.Device);
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "INSERT INTO cti_remote_destination(number, device, name, active, created_utc) VALUES ($n, $d, $name, $a, $t)";
        cmd.Parameters.AddWithValue("$n", rd.Number);
        cmd.Parameters.AddWithValue("$d", rd.Device);
        cmd.Parameters.AddWithValue("$name", rd.Name);
        cmd.Parameters.AddWithValue("$a", rd.Active ? 1 : 0);
        cmd.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToString("O"));
        try { cmd.ExecuteNonQuery(); }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19) { return false; } // SQLITE_CONSTRAINT: the number exists
        tx.Commit();
        return true;
    }

    public void Update(RemoteDestination rd)
    {
        using var c = _db.Connect();
        using var tx = c.BeginTransaction();
        if (rd.Active) ClearActive(c, tx, rd.Device);
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "UPDATE cti_remote_destination SET name = $name, active = $a WHERE number = $n AND device = $d";
        cmd.Parameters.AddWithValue("$n", rd.Number);
        cmd.Parameters.AddWithValue("$d", rd.Device);
        cmd.Parameters.AddWithValue("$name", rd.Name);
        cmd.Parameters.AddWithValue("$a", rd.Active ? 1 : 0);
        cmd.ExecuteNonQuery();
        tx.Commit();
    }

    public void Delete(string device, string number)
    {
        using var c = _db.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "DELETE FROM cti_remote_destination WHERE number = $n AND device = $d";
        cmd.Parameters.AddWithValue("$n", number);
        cmd.Parameters.AddWithValue("$d", device);
        cmd.ExecuteNonQuery();
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
