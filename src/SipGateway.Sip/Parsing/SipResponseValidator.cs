using SipGateway.Sip.Message;

namespace SipGateway.Sip.Parsing;

/// <summary>
/// A response must carry one Via, Call-ID, From, To and a well-formed CSeq to match a transaction (§17.1.3);
/// one that does not is dropped and logged (§18.1.2, RFC 4475 §3.1.2.5).
/// </summary>
public static class SipResponseValidator
{
    public static string? Validate(SipResponse response)
    {
        if (response.Version != SipMessage.Version20) return $"unsupported version {response.Version}";
        if (response.StatusCode is < 100 or > 699) return $"status code {response.StatusCode} out of range";
        var h = response.Headers;
        if (!h.Contains(HeaderId.Via)) return "missing Via";
        if (response.TopVia is null) return "malformed top Via";
        if (h.CountOf(HeaderId.CallId) != 1) return "missing or repeated Call-ID";
        if (h.CountOf(HeaderId.CSeq) != 1 || response.CSeq is null) return $"malformed CSeq '{h[HeaderId.CSeq]}'";
        if (h.CountOf(HeaderId.From) != 1 || response.From is null) return "malformed From";
        if (h.CountOf(HeaderId.To) != 1 || response.To is null) return "malformed To";
        return null;
    }
}
