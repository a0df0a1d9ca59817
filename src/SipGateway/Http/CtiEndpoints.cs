using System.Text.Json;
using SipGateway.Features.ExtendConnect;
using SipGateway.Features.ExtendConnect.Errors;
using SipGateway.Hosting;

namespace SipGateway.Http;

/// <summary>
/// The CTI API of Extend and Connect under /cti: remote destinations, device registration (REMOTE_DEST), Dial Via
/// Office, persistent connections, mid-call requests and the event stream (Server-Sent Events). Every request needs
/// "Authorization: Bearer &lt;key&gt;" with a key of Cti:Applications; refusals are JSON { "error": CODE, "detail": ... }.
/// </summary>
public static class CtiEndpoints
{
    private const string ApplicationItem = "cti.application";

    public static void MapCtiEndpoints(this WebApplication app)
    {
        var cti = app.MapGroup("/cti");
        cti.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var feature = http.RequestServices.GetRequiredService<SipStack>().ExtendConnect;
            var header = http.Request.Headers.Authorization.ToString();
            var key = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
            if (feature.ApplicationOf(key) is not { } application)
            {
                http.Response.Headers.WWWAuthenticate = "Bearer realm=\"cti\"";
                return Results.Json(new { error = "UNAUTHORIZED", detail = "send Authorization: Bearer <key> with the ApiKey of a Cti:Applications entry" },
                    statusCode: 401);
            }
            http.Items[ApplicationItem] = application;
            try { return await next(context); }
            catch (CtiException ex) { return Error(ex.Error); }
            catch (BadBodyException ex) { return Results.Json(new { error = "BAD_REQUEST", detail = ex.Message }, statusCode: 400); }
        });

        cti.MapGet("/devices/{device}", (string device, SipStack sip) =>
        {
            var f = sip.ExtendConnect;
            var d = f.Book.RequireDevice(device);
            var pc = f.Persistent.Of(d.Name);
            return Results.Json(new
            {
                device = d.Name, owner = d.Owner, lines = d.Lines, rerouteCss = d.RerouteCss, inService = f.Registrations.IsInService(d.Name),
                registration = f.Registrations.Of(d.Name), activeRemoteDestination = f.Book.Active(d.Name)?.Number,
                persistentConnection = pc is null ? null : new { callId = pc.Call.Id, connected = pc.IsConnected, inUseBy = pc.InUseBy?.Id },
                forwardAll = f.CallSettings.ForwardAllOf(d.Name), doNotDisturb = f.CallSettings.DoNotDisturbOf(d.Name),
            });
        });
        cti.MapGet("/devices/{device}/remote-destinations", (string device, SipStack sip) =>
        {
            var d = sip.ExtendConnect.Book.RequireDevice(device);
            return Results.Json(sip.ExtendConnect.Book.Of(d.Name).Select(View));
        });
        cti.MapPost("/devices/{device}/remote-destinations", async (string device, HttpRequest request, SipStack sip) =>
        {
            var body = await BodyAsync(request);
            var rd = sip.ExtendConnect.Book.Add(device, Str(body, "number"), Str(body, "name"), Bool(body, "active") ?? false);
            return Results.Json(View(rd), statusCode: 201);
        });
        cti.MapPut("/devices/{device}/remote-destinations/{number}", async (string device, string number, HttpRequest request, SipStack sip) =>
        {
            var body = await BodyAsync(request);
            return Results.Json(View(sip.ExtendConnect.Book.Update(device, number, Str(body, "name"), Bool(body, "active"))));
        });
        cti.MapDelete("/devices/{device}/remote-destinations/{number}", (string device, string number, SipStack sip) =>
        {
            sip.ExtendConnect.Book.Delete(device, number);
            return Results.Json(new { deleted = sip.ExtendConnect.Book.Normalize(number) });
        });
        cti.MapPost("/devices/{device}/register", async (string device, HttpContext http, SipStack sip) =>
        {
            var body = await BodyAsync(http.Request);
            var r = sip.ExtendConnect.Registrations.Register(Application(http), device, Str(body, "REMOTE_DEST"), Str(body, "REMOTE_NAME"));
            return Results.Json(new { device = r.Device, client = r.Client, REMOTE_DEST = r.RemoteDest, REMOTE_NAME = r.RemoteName, inService = true });
        });
        cti.MapDelete("/devices/{device}/register", (string device, HttpContext http, SipStack sip) =>
        {
            sip.ExtendConnect.Registrations.Unregister(Application(http), device);
            return Results.Json(new { device, inService = false });
        });
        cti.MapPost("/devices/{device}/calls", async (string device, HttpRequest request, SipStack sip) =>
        {
            var body = await BodyAsync(request);
            return Results.Json(sip.ExtendConnect.DialViaOffice.MakeCall(device, Str(body, "destination")).View(), statusCode: 201);
        });
        cti.MapPost("/devices/{device}/persistent-connection", async (string device, HttpRequest request, SipStack sip) =>
        {
            var body = await BodyAsync(request);
            return Results.Json(sip.ExtendConnect.Persistent.Create(device, Str(body, "callerName"), Str(body, "callerNumber"), Str(body, "whisperAnnouncement")).View(), statusCode: 201);
        });
        cti.MapPost("/devices/{device}/forward-all", async (string device, HttpRequest request, SipStack sip) =>
        {
            var body = await BodyAsync(request);
            var settings = sip.ExtendConnect.CallSettings;
            settings.SetForwardAll(device, Bool(body, "enabled") ?? true, Str(body, "destination"));
            return Results.Json(new { device, forwardAll = settings.ForwardAllOf(device), doNotDisturb = settings.DoNotDisturbOf(device) });
        });
        cti.MapPost("/devices/{device}/dnd", async (string device, HttpRequest request, SipStack sip) =>
        {
            var body = await BodyAsync(request);
            var settings = sip.ExtendConnect.CallSettings;
            settings.SetDoNotDisturb(device, Bool(body, "enabled") ?? true);
            return Results.Json(new { device, forwardAll = settings.ForwardAllOf(device), doNotDisturb = settings.DoNotDisturbOf(device) });
        });
        cti.MapGet("/calls", (SipStack sip) => Results.Json(sip.ExtendConnect.Calls.All.Select(c => c.View())));
        cti.MapGet("/calls/{id}", (string id, SipStack sip) => Results.Json(sip.ExtendConnect.Calls.Get(id).View()));
        cti.MapPost("/calls/{id}/{operation}", async (string id, string operation, HttpRequest request, SipStack sip) =>
        {
            var body = await BodyAsync(request);
            return Results.Json(sip.ExtendConnect.MidCall.Apply(id, operation, Str(body, "digits"), Str(body, "mode"),
                Str(body, "destination"), Str(body, "consultCallId")).View());
        });
        cti.MapGet("/events", async (HttpContext http, SipStack sip) =>
        {
            http.Response.Headers.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            using var subscription = sip.ExtendConnect.Events.Subscribe(Application(http));
            await http.Response.WriteAsync(": connected\n\n", http.RequestAborted);
            await http.Response.Body.FlushAsync(http.RequestAborted);
            try
            {
                await foreach (var e in subscription.Reader.ReadAllAsync(http.RequestAborted))
                {
                    var data = new Dictionary<string, object?>(e.Fields) { ["event"] = e.Name };
                    await http.Response.WriteAsync($"event: {e.Name}\ndata: {JsonSerializer.Serialize(data)}\n\n", http.RequestAborted);
                    await http.Response.Body.FlushAsync(http.RequestAborted);
                }
            }
            catch (OperationCanceledException) { }
            catch (IOException) { }
            return Results.Empty;
        });
    }

    private static object View(Features.ExtendConnect.RemoteDestinations.RemoteDestination rd) =>
        new { device = rd.Device, number = rd.Number, name = rd.Name, active = rd.Active };

    private static IResult Error(CtiError e) => Results.Json(new { error = e.Code, detail = e.Detail }, statusCode: e.Status);

    private static string Application(HttpContext http) => (string)http.Items[ApplicationItem]!;

    private static async Task<JsonElement?> BodyAsync(HttpRequest request)
    {
        if (request.ContentLength is 0 or null && !request.Headers.TransferEncoding.Any()) return null;
        try
        {
            using var doc = await JsonDocument.ParseAsync(request.Body);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new BadBodyException("the body must be a JSON object");
            return doc.RootElement.Clone();
        }
        catch (JsonException ex) { throw new BadBodyException("the body is not valid JSON: " + ex.Message); }
    }

    private static string? Str(JsonElement? body, string name) =>
        body is { } b && b.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number => v.GetRawText(),
                JsonValueKind.Null => null,
                _ => throw new BadBodyException($"\"{name}\" must be a string"),
            }
            : null;

    private static bool? Bool(JsonElement? body, string name) =>
        body is { } b && b.TryGetProperty(name, out var v)
            ? v.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Null => null,
                _ => throw new BadBodyException($"\"{name}\" must be true or false"),
            }
            : null;

    private sealed class BadBodyException(string message) : Exception(message);
}
