using Microsoft.Data.Sqlite;

namespace SipGateway.Storage.Tests;

public class CdrStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sipgw-db-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static CallDetailRecord Cdr(string callId, DateTimeOffset start, int cause = 200, string? text = "Normal call clearing") => new()
    {
        CallId = callId, CallingOriginal = "1000", CallingFinal = "4085551000", CalledOriginal = "914085551234",
        CalledFinal = "14085551234", Pattern = "9.1[2-9]XX[2-9]XXXXXX", Partition = "PT_PSTN", RouteMember = "GW_SJC_1",
        InboundLeg = "udp:127.0.0.1:5062", OutboundLeg = "udp:127.0.0.1:5090",
        StartUtc = start, AnswerUtc = cause == 200 ? start.AddSeconds(3) : null, EndUtc = start.AddSeconds(63),
        CauseCode = cause, CauseText = text,
    };

    [Fact]
    public void Records_survive_reopening_and_are_filtered_by_start_time()
    {
        var t0 = new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero);
        var store = new CdrStore(StateDatabase.Open(_dir));
        store.Add(Cdr("a", t0));
        store.Add(Cdr("b", t0.AddMinutes(5), 486, "Busy Here"));
        store.Add(Cdr("c", t0.AddMinutes(10)));

        var reopened = new CdrStore(StateDatabase.Open(_dir));
        var all = reopened.Since(DateTimeOffset.MinValue);
        Assert.Equal(["a", "b", "c"], all.Select(r => r.CallId));
        Assert.Equal(TimeSpan.FromSeconds(60), all[0].Duration);
        Assert.Equal(TimeSpan.Zero, all[1].Duration);
        Assert.Equal(486, all[1].CauseCode);
        Assert.Equal(t0, all[0].StartUtc);
        Assert.Equal(["b", "c"], reopened.Since(t0.AddMinutes(5)).Select(r => r.CallId));
        Assert.Single(reopened.Since(t0, limit: 1));
    }

    [Fact]
    public void Csv_export_quotes_fields_and_has_a_header()
    {
        var store = new CdrStore(StateDatabase.Open(_dir));
        store.Add(Cdr("x,1", DateTimeOffset.UnixEpoch.AddDays(1), 503, "Service \"Unavailable\""));
        var sw = new StringWriter();
        store.WriteCsv(sw, DateTimeOffset.MinValue);
        var lines = sw.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("id,call_id,", lines[0]);
        Assert.Contains("\"x,1\"", lines[1]);
        Assert.Contains("\"Service \"\"Unavailable\"\"\"", lines[1]);
        Assert.Contains(",503,", lines[1]);
    }

    [Fact]
    public void Schema_version_is_recorded_and_a_newer_file_is_refused()
    {
        var db = StateDatabase.Open(_dir);
        using (var c = db.Connect())
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "PRAGMA user_version";
            Assert.Equal((long)StateDatabase.SchemaVersion, (long)cmd.ExecuteScalar()!);
            cmd.CommandText = $"PRAGMA user_version = {StateDatabase.SchemaVersion + 5}";
            cmd.ExecuteNonQuery();
        }
        var error = Assert.Throws<StorageException>(() => StateDatabase.Open(_dir));
        Assert.Contains("newer", error.Message);
        Assert.Contains(StateDatabase.FileName, error.Message);
    }

    [Fact]
    public void A_corrupt_file_is_reported_with_its_path()
    {
        File.WriteAllText(Path.Combine(_dir, StateDatabase.FileName), "this is not a database, just some text that is long enough");
        var error = Assert.Throws<StorageException>(() => StateDatabase.Open(_dir));
        Assert.Contains(Path.Combine(_dir, StateDatabase.FileName), error.Message);
    }
}
