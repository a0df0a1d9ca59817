using System.Globalization;

namespace SipGateway.Storage;

/// <summary>The CSV export of CDRs (GET /api/cdrs.csv): a header row and one line per CDR, RFC 4180 quoting.</summary>
public static class CdrCsv
{
    public static void WriteCsv(this ICdrStore store, TextWriter writer, DateTimeOffset since, int limit = 100_000)
    {
        writer.Write("id,call_id,calling_original,calling_final,called_original,called_final,pattern,partition,route_member," +
                     "inbound_leg,outbound_leg,start_utc,answer_utc,end_utc,duration_s,cause_code,cause_text\r\n");
        foreach (var r in store.Since(since, limit))
        {
            var fields = new[]
            {
                r.Id.ToString(CultureInfo.InvariantCulture), r.CallId, r.CallingOriginal, r.CallingFinal, r.CalledOriginal, r.CalledFinal,
                r.Pattern, r.Partition, r.RouteMember, r.InboundLeg, r.OutboundLeg, StorageTime.Format(r.StartUtc),
                r.AnswerUtc is { } a ? StorageTime.Format(a) : "", StorageTime.Format(r.EndUtc),
                ((int)r.Duration.TotalSeconds).ToString(CultureInfo.InvariantCulture), r.CauseCode.ToString(CultureInfo.InvariantCulture), r.CauseText,
            };
            writer.Write(string.Join(',', fields.Select(Quote)));
            writer.Write("\r\n");
        }
    }

    private static string Quote(string? field)
    {
        if (string.IsNullOrEmpty(field)) return "";
        return field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
    }
}
