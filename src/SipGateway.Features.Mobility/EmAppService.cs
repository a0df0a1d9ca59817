using System.Text.Json;
using System.Text.Json.Nodes;

namespace SipGateway.Features.Mobility;

/// <summary>
/// The EM HTTP services: <c>/emapp/EMAppServlet?device=NAME[&amp;loginType=DN|SP|UID]</c> and
/// <c>/changecredential/ChangeCredentialServlet?device=NAME</c>. Phones get Cisco IP Phone XML (a login form, a logout
/// prompt, results as text); a client sending <c>Accept: application/json</c> gets JSON and logs in by POSTing
/// <c>{"userId","pin"}</c> (<c>"extension"</c> for loginType=DN) or out with <c>{"logout":true}</c>.
/// </summary>
public sealed class EmAppService(ExtensionMobility mobility)
{
    public const string EmAppPath = "/emapp/EMAppServlet";
    public const string ChangeCredentialPath = "/changecredential/ChangeCredentialServlet";
    private const string Title = "Extension Mobility";

    public Task<EmAppResponse> EmAppAsync(EmAppRequest request) => Throttled(request, () => HandleEmApp(request));

    public Task<EmAppResponse> ChangeCredentialAsync(EmAppRequest request) => Throttled(request, () => Task.FromResult(HandleChangeCredential(request)));

    /// <summary>Every request takes one of MaximumConcurrentRequests slots; with none free, error 26 at once.</summary>
    private async Task<EmAppResponse> Throttled(EmAppRequest request, Func<Task<EmAppResponse>> handle)
    {
        if (!mobility.Throttle.TryEnter()) return Answer(request, MobilityResult.Failed(MobilityError.Busy), null);
        try
        {
            return await handle();
        }
        finally
        {
            mobility.Throttle.Exit();
        }
    }

    private async Task<EmAppResponse> HandleEmApp(EmAppRequest request)
    {
        var device = request.Param("device");
        if (mobility.CheckDevice(device) is { } deviceError) return Answer(request, MobilityResult.Failed(deviceError), null);
        var loginTypeText = request.Param("loginType");
        if (!TryLoginType(loginTypeText, out var loginType))
            return Answer(request, MobilityResult.Failed(MobilityError.ParseError, $"loginType must be DN, SP or UID, not '{loginTypeText}'"), device);
        if (Refused(request, device!) is { } refused) return refused;

        string? id, pin, profile;
        bool logout;
        if (request.WantsJson && request.Method == "POST")
        {
            JsonObject? body;
            try
            {
                body = string.IsNullOrWhiteSpace(request.Body) ? null : JsonNode.Parse(request.Body) as JsonObject;
            }
            catch (JsonException ex)
            {
                return Answer(request, MobilityResult.Failed(MobilityError.ParseError, $"the body is not JSON: {ex.Message}"), device, status: 400);
            }
            if (body is null)
                return Answer(request, MobilityResult.Failed(MobilityError.ParseError, "expected a JSON object: {\"userId\":...,\"pin\":...} or {\"logout\":true}"), device, status: 400);
            logout = body["logout"] is JsonValue lv && lv.TryGetValue<bool>(out var l) && l;
            id = Text(body[loginType == LoginType.DN ? "extension" : "userId"]);
            pin = Text(body["pin"]);
            profile = Text(body["profile"]);
        }
        else
        {
            // A phone submits its CiscoIPPhoneInput form as query parameters.
            logout = string.Equals(request.Param("logout"), "true", StringComparison.OrdinalIgnoreCase);
            id = request.Param(loginType == LoginType.DN ? "extension" : "userid");
            pin = request.Param("pin");
            profile = request.Param("profile");
            if (!logout && id is null && pin is null) return Status(request, device!, loginType);
        }
        var result = logout ? await mobility.LogoutAsync(device) : await mobility.LoginAsync(device, new LoginCredentials(loginType, id, pin, profile));
        return Answer(request, result, device);
    }

    private EmAppResponse HandleChangeCredential(EmAppRequest request)
    {
        var device = request.Param("device");
        if (mobility.CheckDevice(device) is { } deviceError) return Answer(request, MobilityResult.Failed(deviceError), null);
        if (Refused(request, device!) is { } refused) return refused;
        string? user, oldPin, newPin;
        if (request.WantsJson && request.Method == "POST")
        {
            JsonObject? body;
            try
            {
                body = JsonNode.Parse(request.Body ?? "") as JsonObject;
            }
            catch (JsonException ex)
            {
                return Answer(request, MobilityResult.Failed(MobilityError.ParseError, $"the body is not JSON: {ex.Message}"), device, status: 400);
            }
            if (body is null)
                return Answer(request, MobilityResult.Failed(MobilityError.ParseError, "expected a JSON object: {\"oldPin\":...,\"newPin\":...}"), device, status: 400);
            (user, oldPin, newPin) = (Text(body["userId"]), Text(body["oldPin"]), Text(body["newPin"]));
        }
        else
        {
            (user, oldPin, newPin) = (request.Param("userid"), request.Param("oldpin"), request.Param("newpin"));
            if (oldPin is null && newPin is null)
            {
                var login = mobility.LoginOf(device!);
                if (request.WantsJson)
                    return Json(200, new JsonObject { ["result"] = login is null ? "LoggedOut" : "LoggedIn", ["user"] = login?.UserId, ["profile"] = login?.Profile, ["error"] = null });
                var url = $"{request.BaseUrl}{ChangeCredentialPath}?device={Uri.EscapeDataString(device!)}";
                var items = new List<CiscoIpPhoneXml.InputItem>();
                if (login is null) items.Add(new("User ID", "userid", mobility.LastUser(device!), mobility.Options.AlphanumericUserId ? "A" : "N"));
                items.Add(new("Old PIN", "oldpin", null, "NP"));
                items.Add(new("New PIN", "newpin", null, "NP"));
                return new EmAppResponse(200, CiscoIpPhoneXml.ContentType, CiscoIpPhoneXml.Input("Change PIN", "Enter the old and the new PIN", url, items.ToArray()));
            }
        }
        return Answer(request, mobility.ChangePin(device, user, oldPin, newPin), device);
    }

    /// <summary>GET without credentials: the login form, or the logout prompt when someone is logged in.</summary>
    private EmAppResponse Status(EmAppRequest request, string device, LoginType loginType)
    {
        var login = mobility.LoginOf(device);
        var lastUser = login is null ? mobility.LastUser(device) : null;
        if (request.WantsJson)
        {
            var o = new JsonObject { ["result"] = login is null ? "LoggedOut" : "LoggedIn", ["user"] = login?.UserId, ["profile"] = login?.Profile, ["error"] = null };
            if (login?.ExpiresAt is { } e) o["expiresAt"] = e.UtcDateTime.ToString("O");
            if (lastUser is not null) o["lastUser"] = lastUser;
            return Json(200, o);
        }
        var self = $"{request.BaseUrl}{EmAppPath}?device={Uri.EscapeDataString(device)}&loginType={loginType}";
        if (login is not null)
            return new EmAppResponse(200, CiscoIpPhoneXml.ContentType, CiscoIpPhoneXml.Text(Title,
                $"{login.UserId} is logged in ({login.Profile}). Log out?", ("Yes", self + "&logout=true"), ("Exit", "SoftKey:Exit")));
        var idItem = loginType == LoginType.DN
            ? new CiscoIpPhoneXml.InputItem("Extension", "extension", null, "T")
            : new CiscoIpPhoneXml.InputItem("User ID", "userid", lastUser, mobility.Options.AlphanumericUserId ? "A" : "N");
        return new EmAppResponse(200, CiscoIpPhoneXml.ContentType, CiscoIpPhoneXml.Input(Title, "Enter your " + idItem.DisplayName + " and PIN", self,
            idItem, new CiscoIpPhoneXml.InputItem("PIN", "pin", null, "NP")));
    }

    private EmAppResponse? Refused(EmAppRequest request, string device)
    {
        return mobility.Sources.Refusal(device, request.Remote, request.ForwardedFor, request.Via) is { } why
            ? Answer(request, MobilityResult.Failed(MobilityError.AuthenticationError, why), device, status: 403)
            : null;
    }

    private EmAppResponse Answer(EmAppRequest request, MobilityResult result, string? device, int? status = null)
    {
        if (request.WantsJson)
        {
            var o = new JsonObject
            {
                ["result"] = result.Result, ["user"] = result.User, ["profile"] = result.Profile,
                ["error"] = result.Error is { } e ? new JsonObject { ["code"] = e.Code, ["text"] = e.Text } : null,
            };
            if (result.Detail is not null) o["detail"] = result.Detail;
            if (result.Succeeded && result.Result is "LoggedIn" or "LoggedOut") o["clearCallLogs"] = mobility.Options.ClearCallLogs;
            return Json(status ?? StatusOf(result.Error), o);
        }
        if (result.Error is { } error)
            return new EmAppResponse(200, CiscoIpPhoneXml.ContentType, CiscoIpPhoneXml.Text(Title, $"Error {error.Code}: {error.Text}"));
        var text = result.Result switch
        {
            "LoggedIn" => $"{result.User} logged in ({result.Profile})",
            "LoggedOut" => $"{result.User} logged out",
            _ => "PIN changed",
        };
        // UCM clears the phone's call logs at login and logout when Clear Call Logs is on; Init:CallHistory does it.
        if (mobility.Options.ClearCallLogs && result.Result is "LoggedIn" or "LoggedOut" && device is not null)
            return new EmAppResponse(200, CiscoIpPhoneXml.ContentType,
                CiscoIpPhoneXml.Execute("Init:CallHistory", $"{request.BaseUrl}{EmAppPath}?device={Uri.EscapeDataString(device)}"));
        return new EmAppResponse(200, CiscoIpPhoneXml.ContentType, CiscoIpPhoneXml.Text(Title, text));
    }

    /// <summary>JSON clients get an HTTP status that matches: 503 when busy, 500 for the database, 200 otherwise (the body says which error).</summary>
    private static int StatusOf(MobilityError? error) => error?.Code switch
    {
        null => 200,
        26 => 503,
        6 => 500,
        _ => 200,
    };

    private static bool TryLoginType(string? text, out LoginType type)
    {
        type = LoginType.UID;
        if (string.IsNullOrEmpty(text)) return true;
        return text is "DN" or "SP" or "UID" && Enum.TryParse(text, out type);
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node is JsonValue n ? n.ToJsonString() : null;

    private static EmAppResponse Json(int status, JsonObject o) => new(status, "application/json", o.ToJsonString());
}
