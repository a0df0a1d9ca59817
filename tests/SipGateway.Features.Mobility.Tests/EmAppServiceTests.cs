using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace SipGateway.Features.Mobility.Tests;

/// <summary>The EMAppServlet and ChangeCredentialServlet: JSON for scripts, Cisco IP Phone XML for phones, throttling.</summary>
public class EmAppServiceTests
{
    private const string P1 = MobilityHarness.Phone1;

    [Fact]
    public void Json_login_status_and_logout()
    {
        using var h = new MobilityHarness();
        var status = h.Json("GET", $"device={P1}");
        Assert.Equal("LoggedOut", (string?)status["result"]);
        var login = h.Json("POST", $"device={P1}", """{ "userId": "alice", "pin": "12345" }""");
        Assert.Equal("LoggedIn", (string?)login["result"]);
        Assert.Equal("alice", (string?)login["user"]);
        Assert.Equal("UDP_alice", (string?)login["profile"]);
        Assert.Null(login["error"]);
        Assert.True(login.ContainsKey("error"));
        Assert.Equal("LoggedIn", (string?)h.Json("GET", $"device={P1}")["result"]);
        var logout = h.Json("POST", $"device={P1}", """{ "logout": true }""");
        Assert.Equal(("LoggedOut", "alice"), ((string?)logout["result"], (string?)logout["user"]));
        Assert.Empty(h.Em.Logins());
    }

    [Fact]
    public void Json_login_by_extension_with_login_type_dn()
    {
        using var h = new MobilityHarness();
        var login = h.Json("POST", $"device={P1}&loginType=DN", """{ "extension": "2000", "pin": "12345" }""");
        Assert.Equal(("LoggedIn", "alice"), ((string?)login["result"], (string?)login["user"]));
        var wrongField = h.Json("POST", $"device={MobilityHarness.Phone2}&loginType=DN", """{ "userId": "bob", "pin": "54321" }""");
        Assert.Equal(202, (int)wrongField["error"]!["code"]!);
    }

    [Theory]
    [InlineData("", 207, "Device Name Empty")]
    [InlineData("device=" + MobilityHarness.PhoneWithoutMobility, 22, "Dev Logon Disabled")]
    [InlineData("device=SEPNOPE", 11, "Device Does Not Exist")]
    public void Device_errors_carry_code_and_text(string query, int code, string text)
    {
        using var h = new MobilityHarness();
        var r = h.Json("POST", query, """{ "userId": "alice", "pin": "12345" }""");
        Assert.Equal("Error", (string?)r["result"]);
        Assert.Equal(code, (int)r["error"]!["code"]!);
        Assert.Equal(text, (string?)r["error"]!["text"]);
    }

    [Fact]
    public void Errors_through_json_have_their_codes()
    {
        using var h = new MobilityHarness();
        Assert.Equal(201, (int)h.Json("POST", $"device={P1}", """{ "userId": "alice", "pin": "1111" }""")["error"]!["code"]!);
        Assert.Equal(202, (int)h.Json("POST", $"device={P1}", """{ "userId": "alice" }""")["error"]!["code"]!);
        Assert.Equal(205, (int)h.Json("POST", $"device={P1}", """{ "userId": "alice", "pin": "12345", "profile": "UDP_bob" }""")["error"]!["code"]!);
        Assert.Equal(19, (int)h.Json("POST", $"device={P1}", """{ "logout": true }""")["error"]!["code"]!);
        var bad = h.Json("POST", $"device={P1}", "{ not json");
        Assert.Equal((400, 1), ((int)bad["httpStatus"]!, (int)bad["error"]!["code"]!));
        var badType = h.Json("POST", $"device={P1}&loginType=XYZ", """{ "userId": "alice", "pin": "12345" }""");
        Assert.Contains("loginType", (string?)badType["detail"]);
    }

    [Fact]
    public void More_than_maximum_concurrent_requests_get_26_and_count_as_throttled()
    {
        using var h = new MobilityHarness(new JsonObject { ["MaximumConcurrentRequests"] = 2 });
        // Two requests are in progress (held here), so the third is turned away at once.
        Assert.True(h.Em.Throttle.TryEnter());
        Assert.True(h.Em.Throttle.TryEnter());
        Assert.Equal(2, h.Em.Stats().RequestsInProgress);
        var busy = h.Json("POST", $"device={P1}", """{ "userId": "alice", "pin": "12345" }""");
        Assert.Equal((26, "Busy Please Try Again"), ((int)busy["error"]!["code"]!, (string?)busy["error"]!["text"]));
        Assert.Equal(503, (int)busy["httpStatus"]!);
        Assert.Empty(h.Em.Logins());
        Assert.Equal(1, h.Em.Stats().RequestsThrottled);
        h.Em.Throttle.Exit();
        Assert.Equal("LoggedIn", (string?)h.Json("POST", $"device={P1}", """{ "userId": "alice", "pin": "12345" }""")["result"]);
        h.Em.Throttle.Exit();
        Assert.Equal(0, h.Em.Stats().RequestsInProgress);
        Assert.Equal(1, h.Em.Stats().RequestsThrottled);
    }

    private static XElement Xml(MobilityHarness h, string query, bool changeCredential = false)
    {
        var request = MobilityHarness.Request("GET", query);
        var r = (changeCredential ? h.Http.ChangeCredentialAsync(request) : h.Http.EmAppAsync(request)).GetAwaiter().GetResult();
        Assert.StartsWith("text/xml", r.ContentType);
        return XElement.Parse(r.Body);
    }

    [Fact]
    public void A_phone_gets_a_login_form_submits_it_and_gets_a_logout_prompt()
    {
        using var h = new MobilityHarness(new JsonObject { ["ClearCallLogs"] = false });
        var form = Xml(h, $"device={P1}");
        Assert.Equal("CiscoIPPhoneInput", form.Name.LocalName);
        Assert.Equal($"http://gw.test:8080/emapp/EMAppServlet?device={P1}&loginType=UID", form.Element("URL")!.Value);
        Assert.Equal(["userid", "pin"], form.Elements("InputItem").Select(i => i.Element("QueryStringParam")!.Value));
        Assert.Equal("A", form.Elements("InputItem").First().Element("InputFlags")!.Value);
        Assert.Equal("NP", form.Elements("InputItem").Last().Element("InputFlags")!.Value);

        var done = Xml(h, $"device={P1}&loginType=UID&userid=alice&pin=12345");
        Assert.Equal("CiscoIPPhoneText", done.Name.LocalName);
        Assert.Contains("alice logged in", done.Element("Text")!.Value);

        var prompt = Xml(h, $"device={P1}");
        Assert.Equal("CiscoIPPhoneText", prompt.Name.LocalName);
        Assert.EndsWith("&logout=true", prompt.Elements("SoftKeyItem").First().Element("URL")!.Value);
        var error = Xml(h, $"device={MobilityHarness.Phone2}&userid=alice&pin=1");
        Assert.Equal("Error 201: Authentication Error", error.Element("Text")!.Value);
        Assert.Contains("logged out", Xml(h, $"device={P1}&logout=true").Element("Text")!.Value);
    }

    [Fact]
    public void Login_type_dn_asks_for_the_extension()
    {
        using var h = new MobilityHarness();
        var form = Xml(h, $"device={P1}&loginType=DN");
        Assert.Equal("extension", form.Elements("InputItem").First().Element("QueryStringParam")!.Value);
        Xml(h, $"device={P1}&loginType=DN&extension=2000&pin=12345");
        Assert.Equal("alice", h.Em.LoginOf(P1)!.UserId);
    }

    [Fact]
    public void Clear_call_logs_tells_the_phone_to_clear_its_history()
    {
        using var h = new MobilityHarness(new JsonObject { ["ClearCallLogs"] = true });
        var login = Xml(h, $"device={P1}&userid=alice&pin=12345");
        Assert.Equal("CiscoIPPhoneExecute", login.Name.LocalName);
        Assert.Equal("Init:CallHistory", login.Elements("ExecuteItem").First().Attribute("URL")!.Value);
        Assert.True((bool)h.Json("POST", $"device={P1}", """{"logout":true}""")["clearCallLogs"]!);
        using var off = new MobilityHarness(new JsonObject { ["ClearCallLogs"] = false });
        Assert.False((bool)off.Json("POST", $"device={P1}", """{"userId":"alice","pin":"12345"}""")["clearCallLogs"]!);
    }

    [Fact]
    public void Remember_last_user_prefills_the_form()
    {
        using var h = new MobilityHarness(new JsonObject { ["RememberLastUser"] = true });
        h.Login(P1, "alice", "12345");
        h.Em.Logout(P1);
        Assert.Equal("alice", Xml(h, $"device={P1}").Elements("InputItem").First().Element("DefaultValue")!.Value);
        Assert.Equal("alice", (string?)h.Json("GET", $"device={P1}")["lastUser"]);
        Assert.Equal("", Xml(h, $"device={MobilityHarness.Phone2}").Elements("InputItem").First().Element("DefaultValue")!.Value);

        using var off = new MobilityHarness(new JsonObject { ["RememberLastUser"] = false });
        off.Login(P1, "alice", "12345");
        off.Em.Logout(P1);
        Assert.Equal("", Xml(off, $"device={P1}").Elements("InputItem").First().Element("DefaultValue")!.Value);
        Assert.False(off.Json("GET", $"device={P1}").ContainsKey("lastUser"));
    }

    [Fact]
    public void Numeric_user_ids_only_when_alphanumeric_is_off()
    {
        using var h = new MobilityHarness(new JsonObject { ["AlphanumericUserId"] = false }, edit: c =>
        {
            var users = c["Users"]!.AsObject();
            users.Remove("alice");
            users.Remove("bob");
            users["4711"] = new JsonObject { ["Pin"] = "12345", ["DeviceProfiles"] = new JsonArray("UDP_bob"), ["EnableMobility"] = true };
        });
        Assert.Equal("N", Xml(h, $"device={P1}").Elements("InputItem").First().Element("InputFlags")!.Value);
        Assert.Equal("LoggedIn", h.Login(P1, "4711", "12345").Result);
    }

    [Fact]
    public async Task Change_credential_changes_the_logged_in_users_pin()
    {
        using var h = new MobilityHarness();
        h.Login(P1, "alice", "12345");
        var form = Xml(h, $"device={P1}", changeCredential: true);
        Assert.Equal(["oldpin", "newpin"], form.Elements("InputItem").Select(i => i.Element("QueryStringParam")!.Value));
        var done = Xml(h, $"device={P1}&oldpin=12345&newpin=24680", changeCredential: true);
        Assert.Equal("PIN changed", done.Element("Text")!.Value);
        h.Em.Logout(P1);
        Assert.Equal(MobilityError.AuthenticationError, h.Login(P1, "alice", "12345").Error);
        Assert.Equal("LoggedIn", h.Login(P1, "alice", "24680").Result);

        var json = await h.Http.ChangeCredentialAsync(MobilityHarness.Request("POST", $"device={P1}", """{"oldPin":"24680","newPin":"12"}""", json: true));
        var o = JsonNode.Parse(json.Body)!;
        Assert.Equal((251, "New PIN Rejected"), ((int)o["error"]!["code"]!, (string?)o["error"]!["text"]));
        json = await h.Http.ChangeCredentialAsync(MobilityHarness.Request("POST", $"device={MobilityHarness.Phone2}", """{"userId":"bob","oldPin":"54321","newPin":"97531"}""", json: true));
        Assert.Equal("PinChanged", (string?)JsonNode.Parse(json.Body)!["result"]);
        json = await h.Http.ChangeCredentialAsync(MobilityHarness.Request("POST", $"device={MobilityHarness.Phone2}", """{"oldPin":"54321","newPin":"97531"}""", json: true));
        Assert.Equal(19, (int)JsonNode.Parse(json.Body)!["error"]!["code"]!);
    }
}
