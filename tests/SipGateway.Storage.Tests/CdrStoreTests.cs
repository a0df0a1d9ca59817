using Microsoft.Data.Sqlite;
using SipGateway.Storage.Sqlite;

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
        var store = SqliteStateDatabase.Open(_dir).Cdrs;
        store.Add(Cdr("a", t0));
        store.Add(Cdr("b", t0.AddMinutes(5), 486, "Busy Here"));
        store.Add(Cdr("c", t0.AddMinutes(10)));

        var reopened = SqliteStateDatabase.Open(_dir).Cdrs;
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
    public void Queued_records_are_all_written_in_order_by_flush_and_dispose()
    {
        var t0 = new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
        var store = SqliteStateDatabase.Open(_dir).Cdrs;
        // More than one batch (500) from several threads at once, as SIP threads end calls.
        Parallel.For(0, 4, t =>
        {
            for (int i = 0; i < 300; i++) store.Enqueue(Cdr($"t{t}-{i:D3}", t0.AddSeconds(i)));
        });
        Assert.True(store.Flush(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, store.Pending);
        var all = store.Since(DateTimeOffset.MinValue, limit: 10_000);
        Assert.Equal(1200, all.Count);
        Assert.Equal(1200, all.Select(r => r.CallId).Distinct().Count());
        // Each thread's records keep their order (ids grow in queue order).
        foreach (var t in Enumerable.Range(0, 4))
        {
            var ids = all.Where(r => r.CallId.StartsWith($"t{t}-")).OrderBy(r => r.CallId, StringComparer.Ordinal).Select(r => r.Id).ToList();
            Assert.Equal(ids.Order(), ids);
        }

        store.Enqueue(Cdr("last", t0));
        store.Dispose();
        Assert.Contains("last", SqliteStateDatabase.Open(_dir).Cdrs.Since(DateTimeOffset.MinValue, 10_000).Select(r => r.CallId));
        Assert.Throws<ObjectDisposedException>(() => store.Enqueue(Cdr("late", t0)));
    }

    [Fact]
    public void A_failed_batch_is_reported_and_kept_until_the_database_accepts_it()
    {
        var t0 = new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);
        var store = SqliteStateDatabase.Open(_dir).Cdrs;
        int failures = 0;
        store.WriteFailed += (_, count) => Interlocked.Add(ref failures, count);
        // The table is taken away (every insert fails), then given back: the queued CDR must survive the failures.
        using (var c = new SqliteConnection($"Data Source={Path.Combine(_dir, SqliteStateDatabase.FileName)}"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "ALTER TABLE cdr RENAME TO cdr_away";
            cmd.ExecuteNonQuery();
            store.Enqueue(Cdr("kept", t0));
            Assert.False(store.Flush(TimeSpan.FromMilliseconds(300)));
            cmd.CommandText = "ALTER TABLE cdr_away RENAME TO cdr";
            cmd.ExecuteNonQuery();
        }
        Assert.True(store.Flush(TimeSpan.FromSeconds(10)));
        Assert.True(failures >= 1);
        Assert.Equal(["kept"], store.Since(DateTimeOffset.MinValue).Select(r => r.CallId));
    }

    [Fact]
    public void Csv_export_quotes_fields_and_has_a_header()
    {
        var store = SqliteStateDatabase.Open(_dir).Cdrs;
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
        var db = SqliteStateDatabase.Open(_dir);
        using (var c = db.Connect())
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "PRAGMA user_version";
            Assert.Equal((long)SqliteStateDatabase.SchemaVersion, (long)cmd.ExecuteScalar()!);
            cmd.CommandText = $"PRAGMA user_version = {SqliteStateDatabase.SchemaVersion + 5}";
            cmd.ExecuteNonQuery();
        }
        var error = Assert.Throws<StorageException>(() => SqliteStateDatabase.Open(_dir));
        Assert.Contains("newer", error.Message);
        Assert.Contains(SqliteStateDatabase.FileName, error.Message);
    }

    [Fact]
    public void A_corrupt_file_is_reported_with_its_path()
    {
        File.WriteAllText(Path.Combine(_dir, SqliteStateDatabase.FileName), "this is not a database, just some text that is long enough");
        var error = Assert.Throws<StorageException>(() => SqliteStateDatabase.Open(_dir));
        Assert.Contains(Path.Combine(_dir, SqliteStateDatabase.FileName), error.Message);
    }
}
