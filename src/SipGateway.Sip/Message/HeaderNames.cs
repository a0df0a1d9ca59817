using System.Collections.Frozen;

namespace SipGateway.Sip.Message;

/// <summary>
/// Canonical header names and the compact forms of RFC 3261 §7.3.3 (and the extensions that
/// define one). Names are case-insensitive (§7.3.1); lookups take spans so parsing allocates nothing.
/// </summary>
public static class HeaderNames
{
    private static readonly (string Name, HeaderId Id, string? Compact)[] Known =
    [
        ("Via", HeaderId.Via, "v"), ("From", HeaderId.From, "f"), ("To", HeaderId.To, "t"),
        ("Call-ID", HeaderId.CallId, "i"), ("CSeq", HeaderId.CSeq, null), ("Contact", HeaderId.Contact, "m"),
        ("Max-Forwards", HeaderId.MaxForwards, null), ("Content-Length", HeaderId.ContentLength, "l"),
        ("Content-Type", HeaderId.ContentType, "c"), ("Content-Encoding", HeaderId.ContentEncoding, "e"),
        ("Route", HeaderId.Route, null), ("Record-Route", HeaderId.RecordRoute, null),
        ("Authorization", HeaderId.Authorization, null), ("Proxy-Authorization", HeaderId.ProxyAuthorization, null),
        ("WWW-Authenticate", HeaderId.WwwAuthenticate, null), ("Proxy-Authenticate", HeaderId.ProxyAuthenticate, null),
        ("Expires", HeaderId.Expires, null), ("Min-Expires", HeaderId.MinExpires, null), ("Allow", HeaderId.Allow, null),
        ("Allow-Events", HeaderId.AllowEvents, "u"), ("Supported", HeaderId.Supported, "k"),
        ("Require", HeaderId.Require, null), ("Proxy-Require", HeaderId.ProxyRequire, null),
        ("Unsupported", HeaderId.Unsupported, null), ("Accept", HeaderId.Accept, null),
        ("User-Agent", HeaderId.UserAgent, null), ("Server", HeaderId.Server, null), ("RSeq", HeaderId.RSeq, null),
        ("RAck", HeaderId.RAck, null), ("Event", HeaderId.Event, "o"), ("Subject", HeaderId.Subject, "s"),
        ("Refer-To", HeaderId.ReferTo, "r"), ("Referred-By", HeaderId.ReferredBy, "b"),
        ("Call-Info", HeaderId.CallInfo, null), ("Alert-Info", HeaderId.AlertInfo, null), ("Date", HeaderId.Date, null),
        ("Warning", HeaderId.Warning, null), ("Retry-After", HeaderId.RetryAfter, null),
        ("Session-Expires", HeaderId.SessionExpires, "x"), ("Authentication-Info", HeaderId.AuthenticationInfo, null),
        ("P-Asserted-Identity", HeaderId.PAssertedIdentity, null), ("Timestamp", HeaderId.Timestamp, null),
    ];

    private static readonly FrozenDictionary<string, HeaderId> ByName = BuildIndex();
    private static readonly FrozenDictionary<string, HeaderId>.AlternateLookup<ReadOnlySpan<char>> ByNameSpan =
        ByName.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly string[] Canonical = BuildCanonical();

    public const string Via = "Via", From = "From", To = "To", CallId = "Call-ID", CSeq = "CSeq", Contact = "Contact",
        MaxForwards = "Max-Forwards", ContentLength = "Content-Length", ContentType = "Content-Type";

    private static FrozenDictionary<string, HeaderId> BuildIndex()
    {
        var d = new Dictionary<string, HeaderId>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, id, compact) in Known)
        {
            d[name] = id;
            if (compact is not null) d[compact] = id;
        }
        return d.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }

    private static string[] BuildCanonical()
    {
        var names = new string[Known.Length + 1];
        foreach (var (name, id, _) in Known) names[(int)id] = name;
        return names;
    }

    public static string CanonicalName(HeaderId id) => Canonical[(int)id];

    public static HeaderId Identify(ReadOnlySpan<char> name) =>
        ByNameSpan.TryGetValue(name, out var id) ? id : HeaderId.Other;

    public static HeaderId Identify(string name) => ByName.TryGetValue(name, out var id) ? id : HeaderId.Other;

    /// <summary>Identifies an ASCII header name straight from the wire bytes (lower-cased, then an ordinal lookup).</summary>
    public static HeaderId Identify(ReadOnlySpan<byte> name)
    {
        if (name.Length > 32 || name.IsEmpty) return HeaderId.Other;
        Span<char> chars = stackalloc char[name.Length];
        for (int i = 0; i < name.Length; i++) chars[i] = (char)(name[i] | 0x20);
        return ByLowerSpan.TryGetValue(chars, out var id) ? id : HeaderId.Other;
    }

    private static readonly FrozenDictionary<string, HeaderId> ByLower =
        ByName.ToFrozenDictionary(kv => kv.Key.ToLowerInvariant(), kv => kv.Value, StringComparer.Ordinal);
    private static readonly FrozenDictionary<string, HeaderId>.AlternateLookup<ReadOnlySpan<char>> ByLowerSpan =
        ByLower.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Headers whose values may be comma-joined lists (RFC 3261 §7.3.1). Auth headers are not.</summary>
    public static bool IsList(HeaderId id) => id is HeaderId.Via or HeaderId.Contact or HeaderId.Route
        or HeaderId.RecordRoute or HeaderId.Allow or HeaderId.Supported or HeaderId.Require or HeaderId.ProxyRequire
        or HeaderId.Unsupported or HeaderId.Accept or HeaderId.AllowEvents or HeaderId.ContentEncoding
        or HeaderId.CallInfo or HeaderId.AlertInfo or HeaderId.PAssertedIdentity;
}
