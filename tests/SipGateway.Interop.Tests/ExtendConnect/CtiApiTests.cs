using System.Net;
using System.Net.Http.Headers;
using SipGateway.Interop.Tests.Infrastructure;

namespace SipGateway.Interop.Tests.ExtendConnect;

/// <summary>The CTI API through the running gateway: bearer keys, remote destination rules and errors, service state events.</summary>
public class CtiApiTests
{
    [Fact]
    public async Task Requests_without_a_valid_key_get_401()
    {
        await using var gw = await GatewayProcess.StartAsync(ExtendConnectConfig.Build(FreePort.UdpAndTcp(), FreePort.UdpAndTcp()).ToJsonString());
        var none = await gw.Http.GetAsync("/cti/devices/CTRIDalice/remote-destinations");
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Contains("UNAUTHORIZED", await none.Content.ReadAsStringAsync());
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/cti/events");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await gw.Http.SendAsync(wrong)).StatusCode);
        await using var cti = new CtiClient(gw, ExtendConnectConfig.CrmKey);
        Assert.Equal(200, (await cti.SendAsync(HttpMethod.Get, "/cti/devices/CTRIDalice/remote-destinations")).Status);
    }

    [Fact]
    public async Task Remote_destination_rules_answer_with_json_error_codes_and_persist_across_restart()
    {
        var config = ExtendConnectConfig.Build(FreePort.UdpAndTcp(), FreePort.UdpAndTcp()).ToJsonString();
        var data = Directory.CreateTempSubdirectory("ec-data-").FullName;
        await using (var gw = await GatewayProcess.StartAsync(config, "--Data:Directory", data))
        {
            await using var cti = new CtiClient(gw, ExtendConnectConfig.CrmKey);
            const string path = "/cti/devices/CTRIDalice/remote-destinations";
            var created = await cti.PostAsync(path, new { number = "91-4085550199", name = "mobile", active = true });
            Assert.Equal(201, created.Status);
            Assert.Equal("914085550199", created.Body.GetProperty("number").GetString());
            Assert.True(created.Body.GetProperty("active").GetBoolean());

            async Task Refused(object body, int status, string code)
            {
                var r = await cti.PostAsync(path, body);
                Assert.True(r.Status == status && r.Body.GetProperty("error").GetString() == code, $"{status} {code} expected, got {r.Status} {r.Body}");
            }
            await Refused(new { number = "+1-4085550199" }, 409, "RD_NOT_UNIQUE");
            await Refused(new { number = "1001" }, 400, "RD_IS_DN");
            await Refused(new { number = "84085" }, 400, "RD_NOT_REACHABLE");
            await Refused(new { number = "919005551234" }, 400, "RD_NOT_REACHABLE");
            await Refused(new { number = "x" }, 400, "RD_INVALID");
            for (int i = 2; i <= 4; i++) Assert.Equal(201, (await cti.PostAsync(path, new { number = $"9140855501{i:00}" })).Status);
            await Refused(new { number = "914085550109" }, 409, "RD_LIMIT");
            var missing = await cti.PostAsync("/cti/devices/CTRIDbob/remote-destinations", new { number = "914085550109" });
            Assert.Equal(404, missing.Status);
            Assert.Equal("DEVICE_NOT_FOUND", missing.Body.GetProperty("error").GetString());
            var bad = await cti.SendAsync(HttpMethod.Post, path, "not an object");
            Assert.Equal(400, bad.Status);

            var switched = await cti.SendAsync(HttpMethod.Put, path + "/914085550102", new { active = true });
            Assert.Equal(200, switched.Status);
            Assert.Equal(200, (await cti.SendAsync(HttpMethod.Delete, path + "/914085550103")).Status);
        }
        await using (var gw = await GatewayProcess.StartAsync(config, "--Data:Directory", data))
        {
            await using var cti = new CtiClient(gw, ExtendConnectConfig.CrmKey);
            var list = (await cti.SendAsync(HttpMethod.Get, "/cti/devices/CTRIDalice/remote-destinations")).Body;
            Assert.Equal(3, list.GetArrayLength());
            var active = list.EnumerateArray().Where(r => r.GetProperty("active").GetBoolean()).Select(r => r.GetProperty("number").GetString()).ToList();
            Assert.Equal(["914085550102"], active);
        }
    }

    [Fact]
    public async Task Last_registration_wins_only_its_client_unregisters_and_disconnect_is_out_of_service()
    {
        await using var gw = await GatewayProcess.StartAsync(ExtendConnectConfig.Build(FreePort.UdpAndTcp(), FreePort.UdpAndTcp()).ToJsonString());
        await using var crm = new CtiClient(gw, ExtendConnectConfig.CrmKey);
        await using var wallboard = new CtiClient(gw, ExtendConnectConfig.OtherKey);
        await crm.ConnectEventsAsync();
        await wallboard.ConnectEventsAsync();

        var first = await wallboard.PostAsync("/cti/devices/CTRIDalice/register", new Dictionary<string, string> { ["REMOTE_DEST"] = "914085550199" });
        Assert.Equal(200, first.Status);
        var back = await crm.WaitForEventAsync("DNBackInService");
        Assert.Equal("914085550199", back.GetProperty("REMOTE_DEST").GetString());
        Assert.Equal("914085550199", back.GetProperty("REMOTE_NAME").GetString());

        // crm registers last: its REMOTE_DEST becomes the active one, and only crm may unregister.
        Assert.Equal(200, (await crm.PostAsync("/cti/devices/CTRIDalice/register", new Dictionary<string, string> { ["REMOTE_DEST"] = "+1-4085550188", ["REMOTE_NAME"] = "Alice mobile" })).Status);
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(wallboard.EventNames().Count(n => n == "DNBackInService") == 2), TimeSpan.FromSeconds(5)));
        var device = (await crm.SendAsync(HttpMethod.Get, "/cti/devices/CTRIDalice")).Body;
        Assert.Equal("914085550188", device.GetProperty("activeRemoteDestination").GetString());
        Assert.True(device.GetProperty("inService").GetBoolean());
        var refused = await wallboard.SendAsync(HttpMethod.Delete, "/cti/devices/CTRIDalice/register");
        Assert.Equal(403, refused.Status);
        Assert.Equal("NOT_REGISTRATION_OWNER", refused.Body.GetProperty("error").GetString());

        // crm's event stream closing is crm disconnecting: out of service for everyone.
        await crm.DisconnectEventsAsync();
        var oos = await wallboard.WaitForEventAsync("DNOutOfService");
        Assert.Equal("CTRIDalice", oos.GetProperty("device").GetString());
        Assert.False((await wallboard.SendAsync(HttpMethod.Get, "/cti/devices/CTRIDalice")).Body.GetProperty("inService").GetBoolean());
    }
}
