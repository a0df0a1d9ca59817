using SipGateway.Features.Mobility;
using SipGateway.Hosting;

namespace SipGateway.Http;

/// <summary>
/// Extension Mobility over HTTP: the phone services (<c>/emapp/EMAppServlet</c>, <c>/changecredential/ChangeCredentialServlet</c>,
/// GET or POST) and the admin API (<c>GET /api/mobility/logins</c>, <c>DELETE /api/mobility/logins/{device}</c>,
/// <c>GET /api/mobility/stats</c>).
/// </summary>
public static class MobilityEndpoints
{
    public static void MapMobilityEndpoints(this WebApplication app)
    {
        app.MapMethods(EmAppService.EmAppPath, ["GET", "POST"], async (HttpContext http, MobilityService em) =>
            Write(http, await em.Service.EmAppAsync(await RequestOf(http))));
        app.MapMethods(EmAppService.ChangeCredentialPath, ["GET", "POST"], async (HttpContext http, MobilityService em) =>
            Write(http, await em.Service.ChangeCredentialAsync(await RequestOf(http))));
        app.MapGet("/api/mobility/logins", (MobilityService em) => Results.Json(em.Mobility.Logins().Select(l =>
        {
            var profile = em.Mobility.Directory.Profile(l.Profile);
            return new
            {
                device = l.Device, user = l.UserId, profile = l.Profile, loginTime = l.LoginTime, expiresAt = l.ExpiresAt,
                displayName = profile?.DisplayName, lines = profile?.Lines.Select(x => x.Routing.Dn).ToArray() ?? [],
                speedDials = profile?.SpeedDials.Select(s => new { number = s.Number, label = s.Label }).ToArray() ?? [],
            };
        })));
        // An administrator logs a user out of a phone.
        app.MapDelete("/api/mobility/logins/{device}", async (string device, MobilityService em) =>
        {
            var result = await em.Mobility.LogoutAsync(device, "logged out by an administrator");
            var body = new { result = result.Result, user = result.User, profile = result.Profile, error = result.Error is { } e ? new { code = e.Code, text = e.Text } : null, detail = result.Detail };
            return Results.Json(body, statusCode: result.Succeeded ? 200 : result.Error!.Code is 11 or 19 ? 404 : 400);
        });
        app.MapGet("/api/mobility/stats", (MobilityService em) => Results.Json(em.Mobility.Stats()));
    }

    private static async Task<EmAppRequest> RequestOf(HttpContext http)
    {
        var r = http.Request;
        string? body = null;
        if (HttpMethods.IsPost(r.Method))
        {
            using var reader = new StreamReader(r.Body);
            body = await reader.ReadToEndAsync(http.RequestAborted);
        }
        return new EmAppRequest
        {
            Method = r.Method.ToUpperInvariant(),
            Query = r.Query.ToDictionary(q => q.Key, q => (string?)q.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            WantsJson = r.Headers.Accept.Any(a => a is not null && a.Contains("application/json", StringComparison.OrdinalIgnoreCase)),
            Body = body,
            Remote = http.Connection.RemoteIpAddress ?? System.Net.IPAddress.Loopback,
            ForwardedFor = r.Headers["X-Forwarded-For"].ToString() is { Length: > 0 } xff ? xff : null,
            Via = r.Headers.Via.ToString() is { Length: > 0 } via ? via : null,
            BaseUrl = $"{r.Scheme}://{r.Host}",
        };
    }

    private static IResult Write(HttpContext http, EmAppResponse response) =>
        Results.Content(response.Body, response.ContentType, System.Text.Encoding.UTF8, response.Status);
}
