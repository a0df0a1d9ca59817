using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SipGateway.Storage;

/// <summary>
/// Writes and reads CDRs (GET /api/cdrs?since=, CSV export). Calls hand their CDRs to <see cref="Enqueue"/>: one writer
/// thread inserts whatever has queued up in one transaction, so a busy gateway pays one commit (one WAL sync) per batch,
/// not per call, and SQLite I/O never runs on a SIP thread. <see cref="Flush"/> (and disposing) writes what is queued.
/// </summary>
public sealed class CdrStore(StateDatabase database) : IDisposable
{
    private const string Columns = "call_id, calling_original, calling_final, called_original, called_final, pattern, partition, " +
                                   "route_member, inbound_leg, outbound_leg, start_utc, answer_utc, end_utc, cause_code, cause_text";

    /// <summary>A batch is capped so one commit stays short and readers are never held off for long.</summary>
    private const int MaxBatch = 500;

    /// <summary>How long the writer lets CDRs gather after the first one arrives. Woken per CDR, it wrote batches of one:
    /// a transaction and a WAL sync per call (at 2,000 calls/s the writer thread alone used 14.5 % of a core). A CDR
    /// lands in the table at most this much later; <see cref="Flush"/> does not wait for it.</summary>
    private static readonly TimeSpan Gather = TimeSpan.FromMilliseconds(50);

    private readonly Queue<CallDetailRecord> _queue = new();
    private readonly object _gate = new();
    private Thread? _writer;
    private bool _writing;
    private bool _disposed;
    private bool _flushRequested;

    /// <summary>Raised (on the writer thread) when a queued batch could not be written; the CDRs stay queued for the next try.</summary>
    public event Action<Exception, int>? WriteFailed;

    /// <summary>Writes one CDR now and returns its id.</summary>
    public long Add(CallDetailRecord cdr)
    {
        using var c = database.Connect();
        using var cmd = InsertCommand(c, returningId: true);
        Bind(cmd, cdr);
        return (long)cmd.ExecuteScalar()!;
    }

    /// <summary>Queues a CDR for the writer thread (never blocks on I/O).</summary>
    public void Enqueue(CallDetailRecord cdr)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _queue.Enqueue(cdr);
            if (_writer is null)
            {
                _writer = new Thread(WriteQueued) { IsBackground = true, Name = "cdr-writer" };
                _writer.Start();
            }
            // Only the first CDR of a batch wakes the writer (it then gathers); a pulse per CDR is a futex call on a SIP thread.
            else if (_queue.Count == 1 || _queue.Count >= MaxBatch) Monitor.Pulse(_gate);
        }
    }

    /// <summary>CDRs queued and not yet written.</summary>
    public int Pending
    {
        get { lock (_gate) return _queue.Count + (_writing ? 1 : 0); }
    }

    /// <summary>Waits (up to <paramref name="timeout"/>) until every queued CDR is written. False on timeout.</summary>
    public bool Flush(TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        lock (_gate)
        {
            while (_queue.Count > 0 || _writing)
            {
                _flushRequested = true;
                Monitor.PulseAll(_gate);
                long left = deadline - Environment.TickCount64;
                if (left <= 0) return false;
                Monitor.Wait(_gate, (int)Math.Min(left, 100));
            }
        }
        return true;
    }

    /// <summary>Writes what is queued (up to 10 s) and stops the writer; later CDRs are refused.</summary>
    public void Dispose()
    {
        Flush(TimeSpan.FromSeconds(10));
        lock (_gate)
        {
            _disposed = true;
            Monitor.PulseAll(_gate);
        }
    }

    private void WriteQueued()
    {
        var batch = new List<CallDetailRecord>(MaxBatch);
        while (true)
        {
            lock (_gate)
            {
                _writing = false;
                Monitor.PulseAll(_gate); // wakes Flush
                while (_queue.Count == 0)
                {
                    if (_disposed) return;
                    Monitor.Wait(_gate);
                }
                if (_queue.Count < MaxBatch && !_flushRequested && !_disposed) Monitor.Wait(_gate, Gather);
                _flushRequested = false;
                while (_queue.Count > 0 && batch.Count < MaxBatch) batch.Add(_queue.Dequeue());
                _writing = true;
            }
            try
            {
                using var c = database.Connect();
                using var tx = c.BeginTransaction();
                using var cmd = InsertCommand(c, returningId: false);
                cmd.Transaction = tx;
                foreach (var cdr in batch)
                {
                    Bind(cmd, cdr);
                    cmd.ExecuteNonQuery();
                }
                tx.Commit();
                batch.Clear();
            }
            catch (Exception ex) when (ex is SqliteException or InvalidOperationException or IOException)
            {
                WriteFailed?.Invoke(ex, batch.Count);
                lock (_gate)
                {
                    // Put them back in front and retry after a pause (a locked or full disk is usually temporary).
                    foreach (var cdr in _queue) batch.Add(cdr);
                    _queue.Clear();
                    foreach (var cdr in batch) _queue.Enqueue(cdr);
                    batch.Clear();
                    _writing = false;
                    Monitor.PulseAll(_gate);
                    if (_disposed) return;
                    Monitor.Wait(_gate, 1000);
                }
            }
        }
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
        p[10].Value = Format(cdr.StartUtc);
        p[11].Value = cdr.AnswerUtc is { } a ? Format(a) : DBNull.Value;
        p[12].Value = Format(cdr.EndUtc);
        p[13].Value = cdr.CauseCode;
        p[14].Value = (object?)cdr.CauseText ?? DBNull.Value;
    }

    /// <summary>CDRs of calls that started at or after <paramref name="since"/>, oldest first, at most <paramref name="limit"/>.</summary>
    public List<CallDetailRecord> Since(DateTimeOffset since, int limit = 1000)
    {
        using var c = database.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT id, {Columns} FROM cdr WHERE start_utc >= $since ORDER BY start_utc, id LIMIT $limit";
        cmd.Parameters.AddWithValue("$since", Format(since));
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
                StartUtc = Parse(r.GetString(11)), AnswerUtc = r.IsDBNull(12) ? null : Parse(r.GetString(12)), EndUtc = Parse(r.GetString(13)),
                CauseCode = r.GetInt32(14), CauseText = Text(r, 15),
            });
        }
        return list;
    }

    /// <summary>CSV with a header row (RFC 4180 quoting), one line per CDR.</summary>
    public void WriteCsv(TextWriter writer, DateTimeOffset since, int limit = 100_000)
    {
        writer.Write("id,call_id,calling_original,calling_final,called_original,called_final,pattern,partition,route_member," +
                     "inbound_leg,outbound_leg,start_utc,answer_utc,end_utc,duration_s,cause_code,cause_text\r\n");
        foreach (var r in Since(since, limit))
        {
            var fields = new[]
            {
                r.Id.ToString(CultureInfo.InvariantCulture), r.CallId, r.CallingOriginal, r.CallingFinal, r.CalledOriginal, r.CalledFinal,
                r.Pattern, r.Partition, r.RouteMember, r.InboundLeg, r.OutboundLeg, Format(r.StartUtc),
                r.AnswerUtc is { } a ? Format(a) : "", Format(r.EndUtc),
                ((int)r.Duration.TotalSeconds).ToString(CultureInfo.InvariantCulture), r.CauseCode.ToString(CultureInfo.InvariantCulture), r.CauseText,
            };
            writer.Write(string.Join(',', fields.Select(Csv)));
            writer.Write("\r\n");
        }
    }

    private static string Csv(string? field)
    {
        if (string.IsNullOrEmpty(field)) return "";
        return field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
    }

    private static string? Text(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    // ISO 8601 UTC with a fixed width, so text order is time order in the index.
    private static string Format(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string s) =>
        DateTimeOffset.ParseExact(s, "yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
