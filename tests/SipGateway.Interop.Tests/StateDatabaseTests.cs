using Microsoft.Data.Sqlite;
using SipGateway.Interop.Tests.ExtendConnect;
using SipGateway.Interop.Tests.Infrastructure;

namespace SipGateway.Interop.Tests;

/// <summary>
/// The state database seen from outside the running gateway: a file it cannot use stops start-up with one line naming
/// it and what to do; a write the database refuses while running is a clear CTI error that changes nothing.
/// </summary>
public class StateDatabaseTests
{
    [Fact]
    public async Task A_corrupt_database_file_stops_start_up_with_its_path_and_what_to_do()
    {
        var data = Directory.CreateTempSubdirectory("sipgw-db-data-").FullName;
        try
        {
            var file = Path.Combine(data, "sipgateway.db");
            await File.WriteAllBytesAsync(file, Enumerable.Repeat((byte)'x', 8192).ToArray());
            var e = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayProcess.StartAsync(null, "--Data:Directory", data));
            Assert.Contains("exited with 1", e.Message);
            Assert.Contains($"cannot start: state database {file}: cannot open or upgrade it", e.Message);
            Assert.Contains("move the file aside to start empty", e.Message);
            Assert.DoesNotContain("Unhandled exception", e.Message);
        }
        finally
        {
            try { Directory.Delete(data, true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task A_remote_destination_the_database_refuses_is_a_database_error_and_is_not_added()
    {
        var data = Directory.CreateTempSubdirectory("sipgw-db-data-").FullName;
        try
        {
            var config = ExtendConnectConfig.Build(FreePort.UdpAndTcp(), FreePort.UdpAndTcp()).ToJsonString();
            await using var gw = await GatewayProcess.StartAsync(config, "--Data:Directory", data);
            await using var cti = new CtiClient(gw, ExtendConnectConfig.CrmKey);
            const string path = "/cti/devices/CTRIDalice/remote-destinations";
            Assert.Equal(201, (await cti.PostAsync(path, new { number = "914085550101" })).Status);
            // Taken away behind the gateway's back, as a failed upgrade or an operator's mistake would.
            using (var c = new SqliteConnection($"Data Source={Path.Combine(data, "sipgateway.db")}"))
            {
                c.Open();
                using var cmd = c.CreateCommand();
                cmd.CommandText = "ALTER TABLE cti_remote_destination RENAME TO cti_remote_destination_away";
                cmd.ExecuteNonQuery();
            }
            var refused = await cti.PostAsync(path, new { number = "914085550102", active = true });
            Assert.Equal(500, refused.Status);
            Assert.Equal("DATABASE_ERROR", refused.Body.GetProperty("error").GetString());
            var detail = refused.Body.GetProperty("detail").GetString()!;
            Assert.Contains("adding remote destination 914085550102 failed", detail);
            Assert.DoesNotContain(data, detail); // the reason, not the server's file layout
            var list = (await cti.SendAsync(HttpMethod.Get, path)).Body;
            Assert.Equal(["914085550101"], list.EnumerateArray().Select(r => r.GetProperty("number").GetString()));
            Assert.All(list.EnumerateArray(), r => Assert.False(r.GetProperty("active").GetBoolean()));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(data, true); } catch (IOException) { }
        }
    }
}
