using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SipGateway.Storage;

/// <summary>Writes and reads CDRs (GET /api/cdrs?since=, CSV export).</summary>
public sealed class CdrStore(StateDatabase database)
{
    private const string Columns = "call_id, calling_original, calling_final, called_original, called_final, pattern, partition, " +
                                   "route_member, inbound_leg, outbound_leg, start_utc, answer_utc, end_utc, cause_code, cause_text";

    public long Add(CallDetailRecord cdr)
    {
        using var c = database.Connect();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"INSERT INTO cdr ({Columns}) VALUES ($call, $cgo, $cgf, $cdo, $cdf, $pat, $pt, $mem, $in, $out, $start, $answer, $end, $code, $text); SELECT last_insert_rowid();";
        cmd.Parameters.AddWithValue("$call", cdr.CallId);
        cmd.Parameters.AddWithValue("$cgo", (object?)cdr.CallingOriginal ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$cgf", (object?)cdr.CallingFinal ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$cdo", (object?)cdr.CalledOriginal ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$cdf", (object?)cdr.CalledFinal ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$pat", (object?)cdr.Pattern ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$pt", (object?)cdr.Partition ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$mem", (object?)cdr.RouteMember ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$in", (object?)cdr.InboundLeg ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$out", (object?)cdr.OutboundLeg ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$start", Format(cdr.StartUtc));
        cmd.Parameters.AddWithValue("$answer", cdr.AnswerUtc is { } a ? Format(a) : DBNull.Value);
        cmd.Parameters.AddWithValue("$end", Format(cdr.EndUtc));
        cmd.Parameters.AddWithValue("$code", cdr.CauseCode);
        cmd.Parameters.AddWithValue("$text", (object?)cdr.CauseText ?? DBNull.Value);
        return (long)cmd.ExecuteScalar()!;
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
