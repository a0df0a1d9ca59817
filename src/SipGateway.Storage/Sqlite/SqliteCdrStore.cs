using Microsoft.Data.Sqlite;

namespace SipGateway.Storage.Sqlite;

/// <summary>CDRs in the <c>cdr</c> table; queued CDRs are inserted in batches, one transaction each.</summary>
internal sealed class SqliteCdrStore : ICdrStore
{
    private const string Columns = "call_id, calling_original, calling_final, called_original, called_final, pattern, partition, " +
                                   "route_member, inbound_leg, outbound_leg, start_utc, answer_utc, end_utc, cause_code, cause_text";

    private readonly SqliteStateDatabase _db;
    private readonly CdrQueue _queue;

    public SqliteCdrStore(SqliteStateDatabase db)
    {
        _db = db;
        // An InvalidOperationException here is a connection the provider could not use (as a failed open): retried too.
        _queue = new CdrQueue(Insert, ex => db.Failure("writing queued CDRs", ex)
            ?? (ex is InvalidOperationException ? new StorageException(db.Path, $"writing queued CDRs failed: {ex.Message}", ex) : null));
    }

    public event Action<StorageException, int>? WriteFailed
    {
        add => _queue.WriteFailed += value;
        remove => _queue.WriteFailed -= value;
    }

    public int Pending => _queue.Pending;

    public long Add(CallDetailRecord cdr) => _db.Run("writing a CDR", () =>
    {
        using var c = _db.Connect();
        using var cmd = InsertCommand(c, returningId: true);
        Bind(cmd, cdr);
        return (long)cmd.ExecuteScalar()!;
    });

    public void Enqueue(CallDetailRecord cdr) => _queue.Enqueue(cdr);

    public bool Flush(TimeSpan timeout) => _queue.Flush(timeout);

    public void Dispose() => _queue.Dispose();

    public List<CallDetailRecord> Since(DateTimeOffset since, int limit = 1000) => _db.Run("reading CDRs", () =>
    {
        using var c = _db.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT id, {Columns} FROM cdr WHERE start_utc >= $since ORDER BY start_utc, id LIMIT $limit";
        cmd.Parameters.AddWithValue("$since", StorageTime.Format(since));
        cmd.Parameters.AddWithValue("$limit", limit);
        using var r = cmd.ExecuteReader();
        var list = new List<CallDetailRecord>();
        while (r.Read())
        {
            list.Add(new CallDetailRecord
            {
                Id = r.GetInt64(0), CallId = r.GetString(1),
                CallingOriginal = Text(r, 2), CallingFinal = Text(r, 3), CalledOriginal = Text(r, 4), CalledFinal = Text(r, 5),
                Pattern = Text(r, 6), Partition = Text(r, 7), RouteMember = Text(r, 8), InboundLeg = Text(r, 9), OutboundLeg = Text(r, 10),
                StartUtc = StorageTime.Parse(r.GetString(11)), AnswerUtc = r.IsDBNull(12) ? null : StorageTime.Parse(r.GetString(12)),
                EndUtc = StorageTime.Parse(r.GetString(13)), CauseCode = r.GetInt32(14), CauseText = Text(r, 15),
            });
        }
        return list;
    });

    private void Insert(IReadOnlyList<CallDetailRecord> batch)
    {
        using var c = _db.Connect();
        using var tx = c.BeginTransaction();
        using var cmd = InsertCommand(c, returningId: false);
        cmd.Transaction = tx;
        foreach (var cdr in batch)
        {
            Bind(cmd, cdr);
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
    }

    private static SqliteCommand InsertCommand(SqliteConnection c, bool returningId)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = $"INSERT INTO cdr ({Columns}) VALUES ($call, $cgo, $cgf, $cdo, $cdf, $pat, $pt, $mem, $in, $out, $start, $answer, $end, $code, $text)"
                          + (returningId ? "; SELECT last_insert_rowid();" : "");
        foreach (var name in new[] { "$call", "$cgo", "$cgf", "$cdo", "$cdf", "$pat", "$pt", "$mem", "$in", "$out", "$start", "$answer", "$end", "$code", "$text" })
            cmd.Parameters.Add(new SqliteParameter { ParameterName = name });
        return cmd;
    }

    private static void Bind(SqliteCommand cmd, CallDetailRecord cdr)
    {
        var p = cmd.Parameters;
        p[0].Value = cdr.CallId;
        p[1].Value = (object?)cdr.CallingOriginal ?? DBNull.Value;
        p[2].Value = (object?)cdr.CallingFinal ?? DBNull.Value;
        p[3].Value = (object?)cdr.CalledOriginal ?? DBNull.Value;
        p[4].Value = (object?)cdr.CalledFinal ?? DBNull.Value;
        p[5].Value = (object?)cdr.Pattern ?? DBNull.Value;
        p[6].Value = (object?)cdr.Partition ?? DBNull.Value;
        p[7].Value = (object?)cdr.RouteMember ?? DBNull.Value;
        p[8].Value = (object?)cdr.InboundLeg ?? DBNull.Value;
        p[9].Value = (object?)cdr.OutboundLeg ?? DBNull.Value;
        p[10].Value = StorageTime.Format(cdr.StartUtc);
        p[11].Value = cdr.AnswerUtc is { } a ? StorageTime.Format(a) : DBNull.Value;
        p[12].Value = StorageTime.Format(cdr.EndUtc);
        p[13].Value = cdr.CauseCode;
        p[14].Value = (object?)cdr.CauseText ?? DBNull.Value;
    }

    private static string? Text(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
