using System.Net;

namespace SipGateway.Features.Mobility;

/// <summary>
/// One request to the EM servlets, independent of the web server: the query parameters, a JSON body when the client
/// speaks JSON, and where it came from (for ValidateIpAddress).
/// </summary>
public sealed record EmAppRequest
{
    public required string Method { get; init; }
    /// <summary>Query parameters (device, loginType, and the phone's input fields: userid, pin, logout, ...).</summary>
    public required IReadOnlyDictionary<string, string?> Query { get; init; }
    /// <summary>The client sent <c>Accept: application/json</c>: answer JSON instead of Cisco IP Phone XML.</summary>
    public bool WantsJson { get; init; }
    public string? Body { get; init; }
    public required IPAddress Remote { get; init; }
    public string? ForwardedFor { get; init; }
    public string? Via { get; init; }
    /// <summary>Scheme and authority the phone reached us on, for the absolute URLs Cisco IP Phone objects need.</summary>
    public required string BaseUrl { get; init; }

    public string? Param(string name) => Query.TryGetValue(name, out var v) ? v : null;
}

/// <summary>The answer: HTTP status, content type and body.</summary>
public sealed record EmAppResponse(int Status, string ContentType, string Body);
