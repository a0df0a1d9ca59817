using SipGateway.Interop.Tests.Infrastructure;

namespace SipGateway.Interop.Tests.ExtendConnect;

/// <summary>
/// CTI Call Forward All and Do Not Disturb on CTRIDalice, honoured by calls from a PSTN caller (SIPp on trunk GW_IN)
/// to its line 2000: forwarded to 914085550177 (a SIPp UAS behind GW_SJC_1) instead of the active remote destination,
/// then rejected 486 with DND on.
/// </summary>
public class ForwardAllAndDndTests
{
    [Fact]
    public async Task Forward_all_sends_calls_to_the_destination_and_dnd_rejects_them()
    {
        await using var pstn = SippUas.Start("uas_check.xml");
        await using var gw = await GatewayProcess.StartAsync(ExtendConnectConfig.Build(pstn.Port, FreePort.UdpAndTcp()).ToJsonString());
        await using var cti = new CtiClient(gw, ExtendConnectConfig.CrmKey);
        await cti.ConnectEventsAsync();
        Assert.Equal(201, (await cti.PostAsync("/cti/devices/CTRIDalice/remote-destinations", new { number = "914085550199", active = true })).Status);

        var missing = await cti.PostAsync("/cti/devices/CTRIDalice/forward-all", new { });
        Assert.Equal(400, missing.Status);
        Assert.Equal("DESTINATION_REQUIRED", missing.Body.GetProperty("error").GetString());
        var self = await cti.PostAsync("/cti/devices/CTRIDalice/forward-all", new { destination = "2000" });
        Assert.Equal("FORWARD_TO_SELF", self.Body.GetProperty("error").GetString());
        var nowhere = await cti.PostAsync("/cti/devices/CTRIDalice/forward-all", new { destination = "7" });
        Assert.Equal("DESTINATION_NOT_REACHABLE", nowhere.Body.GetProperty("error").GetString());
        Assert.Equal(404, (await cti.PostAsync("/cti/devices/CTRIDnobody/dnd", new { enabled = true })).Status);

        var set = await cti.PostAsync("/cti/devices/CTRIDalice/forward-all", new { destination = "914085550177" });
        Assert.True(set.Status == 200, set.Body.ToString());
        Assert.Equal("914085550177", set.Body.GetProperty("forwardAll").GetString());
        await cti.WaitForEventAsync("ForwardSet", null);
        var caller = await Sipp.RunAsync(gw, "uac_call.xml", localAddress: "127.0.0.2", service: "2000");
        Assert.True(caller.ExitCode == 0, caller.Output + "\n" + gw.Output);
        Assert.Equal(0, await pstn.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("INVITE sip:14085550177@127.0.0.1", pstn.Messages);
        Assert.DoesNotContain("INVITE sip:14085550199@", pstn.Messages);

        Assert.Equal(200, (await cti.PostAsync("/cti/devices/CTRIDalice/forward-all", new { enabled = false })).Status);
        var dnd = await cti.PostAsync("/cti/devices/CTRIDalice/dnd", new { enabled = true });
        Assert.True(dnd.Body.GetProperty("doNotDisturb").GetBoolean());
        var device = (await cti.SendAsync(HttpMethod.Get, "/cti/devices/CTRIDalice")).Body;
        Assert.True(device.GetProperty("doNotDisturb").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, device.GetProperty("forwardAll").ValueKind);
        var rejected = await Sipp.RunAsync(gw, "uac_call.xml", localAddress: "127.0.0.2", service: "2000");
        Assert.NotEqual(0, rejected.ExitCode);
        Assert.True(await Poll.UntilAsync(async () => (await gw.GetJsonAsync("/api/cdrs")).EnumerateArray().Any(c => c.GetProperty("causeCode").GetInt32() == 486),
            TimeSpan.FromSeconds(10)), "no 486 CDR\n" + gw.Output);
        Assert.Equal(["ForwardSet", "ForwardCancel", "DNDOn"], cti.EventNames().Where(n => n is "ForwardSet" or "ForwardCancel" or "DNDOn"));
    }
}
