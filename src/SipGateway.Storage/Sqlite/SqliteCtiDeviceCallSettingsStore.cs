using System.Globalization;

namespace SipGateway.Storage.Sqlite;

/// <summary>CTI Call Forward All and Do Not Disturb in <c>cti_device_call_settings</c>, one row per device with either set.</summary>
internal sealed class SqliteCtiDeviceCallSettingsStore(SqliteStateDatabase db, TimeProvider clock) : ICtiDeviceCallSettingsStore
{
    public IReadOnlyList<(string Device, string? ForwardAll, bool DoNotDisturb)> All() => db.Run("reading CTI device call settings", () =>
    {
        using var c = db.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT device, forward_all, do_not_disturb FROM cti_device_call_settings ORDER BY device";
        using var r = cmd.ExecuteReader();
        var list = new List<(string, string?, bool)>();
        while (r.Read()) list.Add((r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.GetInt64(2) != 0));
        return list;
    });

    public void Save(string device, string? forwardAll, bool doNotDisturb) => db.Run($"saving the call settings of {device}", () =>
    {
        using var c = db.Connect();
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
            cmd.Parameters.AddWithValue("$t", clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
        }
        cmd.ExecuteNonQuery();
    });
}
