using SipGateway.Interop.Tests.Infrastructure;

namespace SipGateway.Interop.Tests.ExtendConnect;

/// <summary>
/// CTI Call Forward All and Do Not Disturb are kept in the gateway's SQLite file: set on one gateway process, a new
/// process on the same data directory forwards a PSTN call to line 2000 (SIPp on trunk GW_IN) to 914085550177 (a SIPp
/// UAS behind GW_SJC_1), and reports both settings on the device (Call Forward All is checked before DND, as in UCM).
/// </summary>
public class ForwardAllRestartTests
{
    [Fact]
    public async Task Forward_all_set_before_a_restart_still_forwards_calls_after_it()
    {
        await using var pstn = SippUas.Start("uas_check.xml");
        var config = ExtendConnectConfig.Build(pstn.Port, FreePort.UdpAndTcp()).ToJsonString();
        var data = Directory.CreateTempSubdirectory("sipgw-data-").FullName;
        await using (var gw = await GatewayProcess.StartAsync(config, "--Data:Directory", data))
        {
            await using var cti = new CtiClient(gw, ExtendConnectConfig.CrmKey);
            Assert.Equal(201, (await cti.PostAsync("/cti/devices/CTRIDalice/remote-destinations", new { number = "914085550199", active = true })).Status);
            Assert.Equal(200, (await cti.PostAsync("/cti/devices/CTRIDalice/forward-all", new { destination = "914085550177" })).Status);
            Assert.Equal(200, (await cti.PostAsync("/cti/devices/CTRIDalice/dnd", new { enabled = true })).Status);
        }

        await using (var gw = await GatewayProcess.StartAsync(config, "--Data:Directory", data))
        {
            await using var cti = new CtiClient(gw, ExtendConnectConfig.CrmKey);
            var alice = (await cti.SendAsync(HttpMethod.Get, "/cti/devices/CTRIDalice")).Body;
            Assert.Equal("914085550177", alice.GetProperty("forwardAll").GetString());
            Assert.True(alice.GetProperty("doNotDisturb").GetBoolean());

            var caller = await Sipp.RunAsync(gw, "uac_call.xml", localAddress: "127.0.0.2", service: "2000");
            Assert.True(caller.ExitCode == 0, caller.Output + "\n" + gw.Output);
            Assert.Equal(0, await pstn.WaitAsync(TimeSpan.FromSeconds(20)));
            Assert.Contains("INVITE sip:14085550177@127.0.0.1", pstn.Messages);
            Assert.DoesNotContain("INVITE sip:14085550199@", pstn.Messages);
            var cdr = await gw.FirstCdrAsync();
            Assert.Equal("2000", cdr.GetProperty("calledOriginal").GetString());
        }
        try { Directory.Delete(data, true); } catch (IOException) { }
    }
}
