using SipGateway.Sip.Message;

namespace SipGateway.Sip.Parsing;

/// <summary>
/// Syntax and consistency checks a request must pass before any transaction sees it (RFC 3261 §8.2, §16.3,
/// RFC 4475 §3.1.2 and §3.3). Returns the error to answer with, or null. Checks are ordered so the most
/// specific answer wins (505 before 400; 501 for an unknown method before a CSeq mismatch, RFC 4475 §3.1.2.18).
/// </summary>
public static class SipRequestValidator
{
    private static readonly HeaderId[] SingleValued = [HeaderId.CallId, HeaderId.From, HeaderId.To, HeaderId.CSeq, HeaderId.MaxForwards];

    public static SipError? Validate(SipRequest request)
    {
        if (request.Version != SipMessage.Version20)
            return new SipError(505, $"SIP Version Not Supported ({Trim(request.Version)})");
        var h = request.Headers;
        foreach (var id in SingleValued)
        {
            int n = h.CountOf(id);
            if (n > 1) return Bad($"more than one {HeaderNames.CanonicalName(id)} header");
            if (n == 0 && id != HeaderId.MaxForwards) return Bad($"missing {HeaderNames.CanonicalName(id)} header");
        }
        if (!h.Contains(HeaderId.Via)) return Bad("missing Via header");
        if (!CSeqHeader.TryParse(h[HeaderId.CSeq], out var cseq)) return Bad($"malformed CSeq '{Trim(h[HeaderId.CSeq])}'");
        if (cseq.Method != request.Method && SipMethods.IsKnown(request.Method))
            return Bad($"CSeq method {cseq.Method} does not match the request method {request.Method}");
        if (h[HeaderId.MaxForwards] is string mf && (!byte.TryParse(mf.Trim(), out _)))
            return Bad($"malformed Max-Forwards '{Trim(mf)}'");
        if (string.IsNullOrWhiteSpace(request.CallId)) return Bad("empty Call-ID");
        foreach (var v in h.GetValues(HeaderId.Via))
            if (!ViaHeader.TryParse(v, out _, out var why)) return Bad($"malformed Via '{Trim(v)}': {why}");
        if (!NameAddress.TryParse(h[HeaderId.From], out _, out var fromError)) return Bad($"malformed From: {fromError}");
        if (!NameAddress.TryParse(h[HeaderId.To], out _, out var toError)) return Bad($"malformed To: {toError}");
        foreach (var v in h.GetValues(HeaderId.Contact))
            if (!NameAddress.TryParse(v, out _, out var why)) return Bad($"malformed Contact '{Trim(v)}': {why}");
        foreach (var field in new[] { HeaderId.Route, HeaderId.RecordRoute })
            foreach (var v in h.GetValues(field))
                if (!NameAddress.TryParse(v, out _, out var why)) return Bad($"malformed {HeaderNames.CanonicalName(field)}: {why}");

        var uriText = request.RequestUriText;
        if (uriText.StartsWith('<')) return Bad("Request-URI must not be enclosed in <>");
        if (!SipUri.TryParse(uriText, out var uri, out var uriError)) return Bad($"malformed Request-URI: {uriError}");
        // RFC 4475 §3.1.2.11: escaped headers in a Request-URI are rejected rather than forwarded or obeyed.
        if (uri.IsSip && uri.Headers is not null) return Bad("Request-URI must not carry headers");
        return null;
    }

    private static SipError Bad(string reason) => new(400, "Bad Request (" + reason + ")");

    private static string Trim(string? s) => s is null ? "" : s.Length > 60 ? s[..60] + "..." : s.Trim();
}
