using SipGateway.Sip.Message;

namespace SipGateway.Sip.Core;

/// <summary>
/// The UAS checks of RFC 3261 §8.2.1–§8.2.3, in the RFC's order: method (405/501 with Allow), Request-URI scheme
/// (416), Require (420 with Unsupported), then content (415 with Accept, 406 when Accept excludes SDP).
/// Returns a ready response, or null when the request may go on to the transaction user. A rejection carries
/// <c>toTag</c>, or a fresh tag when none is given (made only when a response is, not for every request).
/// </summary>
public static class UasRequestInspector
{
    public static SipResponse? Inspect(SipRequest request, UasCapabilities caps, string? toTag = null)
    {
        string Tag() => toTag ??= SipTags.New();
        var method = request.Method;
        if (!caps.AllowedMethods.Contains(method))
        {
            // 501 for methods we do not recognise, 405 for known ones we do not allow (§8.2.1, §21.4.6, §21.5.2).
            var r = SipResponseFactory.Create(request, SipMethods.IsKnown(method) ? 405 : 501, null, Tag());
            r.Headers.Add(HeaderId.Allow, caps.AllowHeader);
            return r;
        }
        var uri = request.RequestUri;
        if (uri is null || !caps.UriSchemes.Contains(uri.Scheme))
            return SipResponseFactory.Create(request, 416, $"Unsupported URI Scheme ({Scheme(request.RequestUriText)})", Tag());

        if (method is not (SipMethods.Ack or SipMethods.Cancel))
        {
            var unsupported = request.Headers.GetValues(HeaderId.Require)
                .Where(tag => tag.Length > 0 && !caps.SupportedExtensions.Contains(tag, StringComparer.OrdinalIgnoreCase))
                .ToList();
            if (unsupported.Count > 0)
            {
                var r = SipResponseFactory.Create(request, 420, null, Tag());
                r.Headers.Add(HeaderId.Unsupported, string.Join(", ", unsupported));
                return r;
            }
        }

        if (request.Body.Length > 0 && method is SipMethods.Invite or SipMethods.Ack or SipMethods.Update or SipMethods.Prack)
        {
            var type = MediaType(request.ContentType);
            if (type is not null && !caps.AcceptedContentTypes.Contains(type, StringComparer.OrdinalIgnoreCase) && type != "multipart/mixed")
            {
                var r = SipResponseFactory.Create(request, 415, null, Tag());
                r.Headers.Add(HeaderId.Accept, caps.AcceptHeader);
                return r;
            }
        }
        if (method == SipMethods.Invite && request.Headers.Contains(HeaderId.Accept))
        {
            var accepted = request.Headers.GetValues(HeaderId.Accept).Select(MediaType).ToList();
            if (accepted.Count > 0 && !accepted.Any(a => a is "application/sdp" or "application/*" or "*/*" or null))
            {
                var r = SipResponseFactory.Create(request, 406, null, Tag());
                r.Headers.Add(HeaderId.Warning, "399 sipgw \"Only application/sdp answers can be formed\"");
                return r;
            }
        }
        return null;
    }

    private static string Scheme(string uri) => uri.IndexOf(':') is var i and > 0 ? uri[..i] : uri;

    private static string? MediaType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return null;
        int semi = contentType.IndexOf(';');
        return (semi >= 0 ? contentType[..semi] : contentType).Trim().ToLowerInvariant();
    }
}
