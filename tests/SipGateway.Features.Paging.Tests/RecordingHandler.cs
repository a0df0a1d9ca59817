using System.Net;

namespace SipGateway.Features.Paging.Tests;

/// <summary>An HTTP handler standing in for Cisco phones: records each request (URI, Authorization, form body) and
/// answers with the configured status and body.</summary>
internal sealed class RecordingHandler(HttpStatusCode status = HttpStatusCode.OK,
    string body = "<CiscoIPPhoneResponse><ResponseItem Status=\"0\" Data=\"Success\" URL=\"\"/></CiscoIPPhoneResponse>") : HttpMessageHandler
{
    private readonly List<(Uri Uri, string? Authorization, string Form)> _requests = [];

    public IReadOnlyList<(Uri Uri, string? Authorization, string Form)> Requests
    {
        get { lock (_requests) return [.. _requests]; }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var form = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        lock (_requests) _requests.Add((request.RequestUri!, request.Headers.Authorization?.ToString(), form));
        return new HttpResponseMessage(status) { Content = new StringContent(body) };
    }

    /// <summary>The decoded XML form field of each request.</summary>
    public IReadOnlyList<string> Xml => Requests.Select(r => WebUtility.UrlDecode(r.Form.Split('=', 2)[1])).ToList();
}
