namespace SipGateway.Storage.Tests.Contract;

/// <summary>The contract of <see cref="ICdrStore"/>, whatever the engine.</summary>
public abstract class CdrStoreContract(DatabaseUnderTest engine) : StoreContract(engine)
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);

    /// <summary>Microseconds, the finest time every engine keeps (PostgreSQL timestamps stop there).</summary>
    private static readonly TimeSpan AnswerAfter = TimeSpan.FromTicks(23_456_780);

    private static CallDetailRecord Full(string callId, DateTimeOffset start) => new()
    {
        CallId = callId, CallingOriginal = "1000", CallingFinal = "4085551000", CalledOriginal = "914085551234",
        CalledFinal = "14085551234", Pattern = "9.1[2-9]XX[2-9]XXXXXX", Partition = "PT_PSTN", RouteMember = "GW_SJC_1",
        InboundLeg = "udp:127.0.0.1:5062", OutboundLeg = "tcp:127.0.0.1:5090",
        StartUtc = start, AnswerUtc = start + AnswerAfter, EndUtc = start.AddSeconds(61),
        CauseCode = 200, CauseText = "Normal call clearing, \"quoted\"",
    };

    private static CallDetailRecord Bare(string callId, DateTimeOffset start) => new()
    {
        CallId = callId, StartUtc = start, EndUtc = start.AddSeconds(1), CauseCode = 404,
    };

    [Fact]
    public void Every_field_round_trips_and_nulls_stay_null()
    {
        var full = Full("full", T0);
        long id = Database.Cdrs.Add(full);
        Database.Cdrs.Add(Bare("bare", T0.AddSeconds(1)));
        var read = Database.Cdrs.Since(DateTimeOffset.MinValue);
        Assert.Equal(2, read.Count);
        Assert.Equal(full with { Id = id }, read[0]);
        Assert.Equal(TimeSpan.FromSeconds(61) - AnswerAfter, read[0].Duration);
        Assert.Equal(Bare("bare", T0.AddSeconds(1)) with { Id = read[1].Id }, read[1]);
        Assert.True(read[1].Id > id);
    }

    [Fact]
    public void Since_filters_by_start_orders_oldest_first_and_limits()
    {
        Database.Cdrs.Add(Bare("c", T0.AddMinutes(10)));
        Database.Cdrs.Add(Bare("a", T0));
        Database.Cdrs.Add(Bare("b", T0.AddMinutes(5)));
        Assert.Equal(["a", "b", "c"], Database.Cdrs.Since(DateTimeOffset.MinValue).Select(r => r.CallId));
        Assert.Equal(["b", "c"], Database.Cdrs.Since(T0.AddMinutes(5)).Select(r => r.CallId));
        Assert.Equal(["a", "b"], Database.Cdrs.Since(T0, limit: 2).Select(r => r.CallId));
        Assert.Empty(Database.Cdrs.Since(T0.AddMinutes(11)));
    }

    [Fact]
    public void Queued_records_survive_a_restart()
    {
        for (int i = 0; i < 20; i++) Database.Cdrs.Enqueue(Full($"q{i:D2}", T0.AddSeconds(i)));
        var db = Restart(); // disposing writes what is queued
        var read = db.Cdrs.Since(DateTimeOffset.MinValue);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"q{i:D2}"), read.Select(r => r.CallId));
        Assert.Equal(Full("q07", T0.AddSeconds(7)) with { Id = read[7].Id }, read[7]);
        Assert.Equal(0, db.Cdrs.Pending);
    }

    [Fact]
    public void A_missing_table_is_a_StorageException_for_reads_writes_and_queued_batches()
    {
        var cdrs = Database.Cdrs;
        Engine.DropTable("cdr");
        AssertRefused(() => cdrs.Add(Bare("x", T0)), "writing a CDR");
        AssertRefused(() => cdrs.Since(T0), "reading CDRs");
        var failed = new TaskCompletionSource<(StorageException, int)>(TaskCreationOptions.RunContinuationsAsynchronously);
        cdrs.WriteFailed += (ex, count) => failed.TrySetResult((ex, count));
        cdrs.Enqueue(Bare("queued", T0));
        Assert.False(cdrs.Flush(TimeSpan.FromMilliseconds(200)));
        Assert.True(failed.Task.Wait(TimeSpan.FromSeconds(10)));
        var (error, batch) = failed.Task.Result;
        Assert.Equal(1, batch);
        Assert.Contains("writing queued CDRs", error.Reason);
        Assert.Equal(1, cdrs.Pending); // kept for the next try
    }
}

public sealed class SqliteCdrStoreContractTests() : CdrStoreContract(new SqliteDatabaseUnderTest());
