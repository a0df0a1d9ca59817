using SipGateway.Storage;

namespace SipGateway.Features.ExtendConnect.Calls;

/// <summary>
/// CTI Call Forward All and Do Not Disturb of remote devices in the gateway's SQLite file, next to the remote
/// destinations: UCM keeps a line's CFA and DND in its database, so they survive a restart. The table is the
/// feature's own, created if missing; a device with neither set has no row.
/// </summary>
public sealed class DeviceCallSettingsStore
{
    private readonly StateDatabase _db;

    public DeviceCallSettingsStore(StateDatabase db)
    {
        _db = db;
        using var c = _db.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            CREATE TABLE IF NOT EXISTS cti_device_call_settings (
                device TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
                forward_all TEXT NULL,
                do_not_disturb INTEGER NOT NULL DEFAULT 0,
                updated_utc TEXT NOT NULL
            );
            """;
        cmd.ExecuteNonQuery();
    }

    /// <summary>Every stored setting: device, forward-all destination (null: none), do not disturb.</summary>
    public IReadOnlyList<(string Device, string? ForwardAll, bool DoNotDisturb)> All()
    {
        using var c = _db.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT device, forward_all, do_not_disturb FROM cti_device_call_settings ORDER BY device";
        using var r = cmd.ExecuteReader();
        var list = new List<(string, string?, bool)>();
        while (r.Read()) list.Add((r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetInt64(2) != 0));
        return list;
    }

    /// <summary>Writes the device's settings; neither set removes its row.</summary>
    public void Save(string device, string? forwardAll, bool doNotDisturb)
    {
        using var c = _db.Connect();
        using var cmd = c.CreateCommand();
        if (forwardAll is null && !doNotDisturb)
        {
            cmd.CommandText = "DELETE FROM cti_device_call_settings WHERE device = $d";
            cmd.Parameters.AddWithValue("$d", device);
        }
        else
        {
            cmd.CommandText = """
                INSERT INTO cti_device_call_settings(device, forward_all, do_not_disturb, updated_utc) VALUES ($d, $f, $n, $t)
                ON CONFLICT(device) DO UPDATE SET forward_all = excluded.forward_all, do_not_disturb = excluded.do_not_disturb,
                    updated_utc = excluded.updated_utc
                """;
            cmd.Parameters.AddWithValue("$d", device);
            cmd.Parameters.AddWithValue("$f", (object?)forwardAll ?? DBNull.Value);
            cmd.Parameters.AddWithValue("$n", doNotDisturb ? 1 : 0);
            cmd.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToString("O"));
        }
        cmd.ExecuteNonQuery();
    }
}
