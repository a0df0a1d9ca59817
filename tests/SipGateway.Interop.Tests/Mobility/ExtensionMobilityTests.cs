using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using SipGateway.Interop.Tests.Infrastructure;

namespace SipGateway.Interop.Tests.Mobility;

/// <summary>
/// Extension Mobility through the running gateway: a baresip phone registered as device SEP0011AABBCC04 (its own DN
/// 1003); user alice logs in to it over HTTP; a SIPp trunk caller (127.0.0.2) dials alice's DN 2000, which then rings
/// baresip; after logout 2000 is unallocated again (404). A restart between login and call keeps the login.
/// </summary>
public class ExtensionMobilityTests
{
    private const string Phone = "SEP0011AABBCC04";

    private static string Config(JsonObject? extensionMobility = null)
    {
        var c = JsonNode.Parse(GatewayConfig.WithTrunks(FreePort.UdpAndTcp(), FreePort.UdpAndTcp()))!.AsObject();
        c["Devices"]![Phone]!["EnableExtensionMobility"] = true;
        c["Users"] = new JsonObject
        {
            ["alice"] = new JsonObject
            {
                ["DisplayName"] = "Alice Adams", ["Pin"] = "12345", ["PrimaryExtension"] = "2000",
                ["DeviceProfiles"] = new JsonArray("UDP_alice"), ["EnableMobility"] = true,
            },
        };
        c["DeviceProfiles"] = new JsonObject
        {
            ["UDP_alice"] = new JsonObject { ["Lines"] = new JsonArray(new JsonObject { ["Dn"] = "2000", ["Partition"] = "PT_Internal", ["Css"] = "CSS_Internal" }) },
        };
        if (extensionMobility is not null) c["ExtensionMobility"] = extensionMobility;
        return c.ToJsonString();
    }

    private static Baresip Phone1003(GatewayProcess gw) =>
        Baresip.Start($"<sip:1003@127.0.0.1:{gw.SipPort}>;auth_user=1003;auth_pass=demo1003;regint=120;answermode=auto;audio_codecs=pcmu");

    private static async Task WaitRegisteredAsync(GatewayProcess gw, Baresip phone) =>
        Assert.True(await Poll.UntilAsync(async () => (await gw.GetJsonAsync("/api/registrations")).ToString().Contains(Phone), TimeSpan.FromSeconds(20)),
            "baresip did not register\n" + phone.Output + gw.Output);

    private static async Task<JsonElement> EmAsync(GatewayProcess gw, object body, string loginType = "UID")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/emapp/EMAppServlet?device={Phone}&loginType={loginType}") { Content = JsonContent.Create(body) };
        request.Headers.Accept.ParseAdd("application/json");
        using var response = await gw.Http.SendAsync(request);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A trunk call to 2000 that baresip answers (SIPp exits 0 only on 200 OK); the CDR shows where it went.</summary>
    private static async Task CallRingsBaresipAsync(GatewayProcess gw, Baresip phone)
    {
        var uac = await Sipp.RunAsync(gw, "uac_call.xml", localAddress: "127.0.0.2", service: "2000");
        Assert.True(uac.ExitCode == 0, uac.Output + "\n" + gw.Output + "\n" + phone.Output);
        // The answered call's CDR (earlier calls in the test were 404s): its outbound leg went to baresip's address.
        JsonElement? answered = null;
        Assert.True(await Poll.UntilAsync(async () =>
        {
            answered = (await gw.GetJsonAsync("/api/cdrs")).EnumerateArray().Cast<JsonElement?>().LastOrDefault(c => c!.Value.GetProperty("causeCode").GetInt32() == 200);
            return answered is not null;
        }, TimeSpan.FromSeconds(5)), "no CDR of an answered call\n" + gw.Output);
        Assert.Equal("2000", answered!.Value.GetProperty("calledFinal").GetString());
        Assert.Equal($"udp:127.0.0.1:{phone.SipPort}", answered.Value.GetProperty("outboundLeg").GetString());
    }

    private static async Task CallIsUnallocatedAsync(GatewayProcess gw)
    {
        var uac = await Sipp.RunAsync(gw, "uac_unallocated.xml", localAddress: "127.0.0.2", service: "2000");
        Assert.True(uac.ExitCode == 0, "expected 404 for 2000\n" + uac.Output + "\n" + gw.Output);
    }

    [Fact]
    public async Task A_login_over_http_makes_the_users_dn_ring_the_phone_and_a_logout_makes_it_404()
    {
        await using var gw = await GatewayProcess.StartAsync(Config());
        await using var phone = Phone1003(gw);
        await WaitRegisteredAsync(gw, phone);
        await CallIsUnallocatedAsync(gw);

        var wrong = await EmAsync(gw, new { userId = "alice", pin = "00000" });
        Assert.Equal(201, wrong.GetProperty("error").GetProperty("code").GetInt32());
        var login = await EmAsync(gw, new { extension = "2000", pin = "12345" }, loginType: "DN");
        Assert.Equal("LoggedIn", login.GetProperty("result").GetString());
        Assert.Equal("UDP_alice", login.GetProperty("profile").GetString());
        var logins = await gw.GetJsonAsync("/api/mobility/logins");
        Assert.Equal("alice", logins[0].GetProperty("user").GetString());
        Assert.Equal(Phone, logins[0].GetProperty("device").GetString());

        await CallRingsBaresipAsync(gw, phone);

        var logout = await EmAsync(gw, new { logout = true });
        Assert.Equal("LoggedOut", logout.GetProperty("result").GetString());
        await CallIsUnallocatedAsync(gw);
        var stats = await gw.GetJsonAsync("/api/mobility/stats");
        Assert.Equal(0, stats.GetProperty("requestsInProgress").GetInt32());
        Assert.Equal(0, stats.GetProperty("requestsThrottled").GetInt64());
        Assert.Equal(1, stats.GetProperty("logins").GetInt64());
        Assert.Equal(1, stats.GetProperty("failedLogins").GetInt64());
    }

    [Fact]
    public async Task A_login_survives_a_gateway_restart_and_an_admin_can_end_it()
    {
        var data = Directory.CreateTempSubdirectory("sipgw-em-data-").FullName;
        try
        {
            var config = Config(new JsonObject { ["EnforceMaximumLoginTime"] = true, ["MaximumLoginTime"] = "8:00" });
            await using (var first = await GatewayProcess.StartAsync(config, "--Data:Directory", data))
            {
                Assert.Equal("LoggedIn", (await EmAsync(first, new { userId = "alice", pin = "12345" })).GetProperty("result").GetString());
                Assert.Equal(0, await first.StopAsync(TimeSpan.FromSeconds(15)));
            }
            await using var gw = await GatewayProcess.StartAsync(config, "--Data:Directory", data);
            var logins = await gw.GetJsonAsync("/api/mobility/logins");
            Assert.Equal("alice", logins[0].GetProperty("user").GetString());
            Assert.Equal(JsonValueKind.String, logins[0].GetProperty("expiresAt").ValueKind);

            await using var phone = Phone1003(gw); // the phone registers again with the restarted gateway
            await WaitRegisteredAsync(gw, phone);
            await CallRingsBaresipAsync(gw, phone);

            using (var response = await gw.Http.DeleteAsync($"/api/mobility/logins/{Phone}"))
                Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(0, (await gw.GetJsonAsync("/api/mobility/logins")).GetArrayLength());
            await CallIsUnallocatedAsync(gw);
            using (var again = await gw.Http.DeleteAsync($"/api/mobility/logins/{Phone}"))
                Assert.Equal(System.Net.HttpStatusCode.NotFound, again.StatusCode);
        }
        finally
        {
            try { Directory.Delete(data, true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task A_lockout_survives_a_gateway_restart()
    {
        var data = Directory.CreateTempSubdirectory("sipgw-em-data-").FullName;
        try
        {
            var config = Config(new JsonObject { ["LockoutFailedAttempts"] = 3, ["LockoutDurationMinutes"] = 10 });
            await using (var first = await GatewayProcess.StartAsync(config, "--Data:Directory", data))
            {
                for (int i = 0; i < 3; i++)
                    Assert.Equal(201, (await EmAsync(first, new { userId = "alice", pin = "00000" })).GetProperty("error").GetProperty("code").GetInt32());
                Assert.Equal(0, await first.StopAsync(TimeSpan.FromSeconds(15)));
            }
            await using var gw = await GatewayProcess.StartAsync(config, "--Data:Directory", data);
            var locked = await EmAsync(gw, new { userId = "alice", pin = "12345" });
            Assert.Equal(250, locked.GetProperty("error").GetProperty("code").GetInt32());
            Assert.Equal(0, (await gw.GetJsonAsync("/api/mobility/logins")).GetArrayLength());
        }
        finally
        {
            try { Directory.Delete(data, true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task A_phone_gets_cisco_ip_phone_xml()
    {
        await using var gw = await GatewayProcess.StartAsync(Config(new JsonObject { ["ClearCallLogs"] = false }));
        var form = await gw.Http.GetStringAsync($"/emapp/EMAppServlet?device={Phone}");
        Assert.Contains("<CiscoIPPhoneInput>", form);
        Assert.Contains($"<URL>http://127.0.0.1:{gw.HttpPort}/emapp/EMAppServlet?device={Phone}&amp;loginType=UID</URL>", form);
        var done = await gw.Http.GetStringAsync($"/emapp/EMAppServlet?device={Phone}&loginType=UID&userid=alice&pin=12345");
        Assert.Contains("<Text>alice logged in (UDP_alice)</Text>", done);
        var error = await gw.Http.GetStringAsync("/emapp/EMAppServlet?device=SEP0011AABBCC01&userid=alice&pin=12345");
        Assert.Contains("<Text>Error 22: Dev Logon Disabled</Text>", error);
    }

    [Fact]
    public async Task A_bad_service_parameter_stops_start_up_with_its_key_and_value()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            GatewayProcess.StartAsync(Config(new JsonObject { ["MaximumLoginTime"] = "169:00" })));
        Assert.Contains("exited with 2", e.Message);
        Assert.Contains("ExtensionMobility:MaximumLoginTime = '169:00'", e.Message);
        Assert.Contains("0:01 to 168:00", e.Message);
    }
}
