using System.Globalization;

namespace SipGateway.Storage;

/// <summary>How times are written as text: ISO 8601 UTC with a fixed width, so text order is time order in an index.</summary>
internal static class StorageTime
{
    private const string Pattern = "yyyy-MM-ddTHH:mm:ss.fffffffZ";

    public static string Format(DateTimeOffset t) => t.UtcDateTime.ToString(Pattern, CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string s) =>
        DateTimeOffset.ParseExact(s, Pattern, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
