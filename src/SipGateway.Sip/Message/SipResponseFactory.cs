namespace SipGateway.Sip.Message;

/// <summary>Builds a response to a request as RFC 3261 §8.2.6.2 says: same Via (all), From, To, Call-ID and CSeq.</summary>
public static class SipResponseFactory
{
    public static SipResponse Create(SipRequest request, int statusCode, string? reasonPhrase = null, string? toTag = null)
    {
        var headers = new SipHeaders();
        for (int i = 0; i < request.Headers.Count; i++)
        {
            var id = request.Headers.IdAt(i);
            if (id is HeaderId.Via or HeaderId.From or HeaderId.CallId or HeaderId.CSeq)
                headers.Add(request.Headers.NameAt(i), request.Headers.ValueAt(i));
            else if (id == HeaderId.To)
            {
                var to = request.Headers.ValueAt(i);
                // A tag is added to the To of every response except 100 (§8.2.6.2) unless the request had one.
                if (toTag is not null && statusCode != 100 && NameAddress.TryParse(to, out var addr) && addr.Tag is null)
                {
                    to = to.TrimEnd() + ";tag=" + toTag;
                }
                headers.Add(request.Headers.NameAt(i), to);
            }
            else if (id == HeaderId.Timestamp && statusCode == 100)
                headers.Add(request.Headers.NameAt(i), request.Headers.ValueAt(i));
        }
        return new SipResponse(statusCode, reasonPhrase ?? SipReasonPhrases.For(statusCode), headers);
    }

    /// <summary>Another response to the request <paramref name="earlier"/> answered: the same Via, From, To (with its
    /// tag), Call-ID and CSeq. For a transaction that no longer holds its request.</summary>
    public static SipResponse CreateLike(SipResponse earlier, int statusCode, string? reasonPhrase = null)
    {
        var headers = new SipHeaders();
        for (int i = 0; i < earlier.Headers.Count; i++)
            if (earlier.Headers.IdAt(i) is HeaderId.Via or HeaderId.From or HeaderId.To or HeaderId.CallId or HeaderId.CSeq)
                headers.Add(earlier.Headers.NameAt(i), earlier.Headers.ValueAt(i));
        return new SipResponse(statusCode, reasonPhrase ?? SipReasonPhrases.For(statusCode), headers);
    }
}
