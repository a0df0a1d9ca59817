using SipGateway.Interop.Tests.Infrastructure;

namespace SipGateway.Interop.Tests.ExtendConnect;

/// <summary>A call to a CTI remote device's line rings its active remote destination: a SIPp UAS behind trunk GW_SJC_1.</summary>
public class InboundToRemoteDestinationTests
{
    [Fact]
    public async Task A_call_to_the_device_line_reaches_the_active_remote_destination_showing_the_original_caller()
    {
        await using var rd = SippUas.Start("uas_check.xml");
        await using var gw = await GatewayProcess.StartAsync(ExtendConnectConfig.Build(rd.Port, FreePort.UdpAndTcp()).ToJsonString());
        await using var cti = new CtiClient(gw, ExtendConnectConfig.CrmKey);
        Assert.Equal(201, (await cti.PostAsync("/cti/devices/CTRIDalice/remote-destinations", new { number = "+1 408 555 0199", active = true })).Status);

        // A PSTN caller (trunk GW_IN) dials the remote device's line 2000.
        var caller = await Sipp.RunAsync(gw, "uac_call.xml", localAddress: "127.0.0.2", service: "2000");
        Assert.True(caller.ExitCode == 0, caller.Output + "\n" + gw.Output);
        Assert.Equal(0, await rd.WaitAsync(TimeSpan.FromSeconds(20)));
        // Routed with the reroute CSS: 9 discarded by 9.1[2-9]XX[2-9]XXXXXX; the calling number is the caller's own.
        Assert.Contains("INVITE sip:14085550199@127.0.0.1", rd.Messages);
        Assert.Matches("From: \"PSTN Caller\" <sip:6505551234@", rd.Messages);
        var cdr = await gw.FirstCdrAsync();
        Assert.Equal(200, cdr.GetProperty("causeCode").GetInt32());
        Assert.Equal("2000", cdr.GetProperty("calledOriginal").GetString());
        Assert.Equal("GW_SJC_1", cdr.GetProperty("routeMember").GetString());
    }

    [Fact]
    public async Task Without_an_active_remote_destination_the_call_is_busy_or_forwarded_on_no_answer()
    {
        await using var rd = SippUas.Start("uas_check.xml");
        var config = ExtendConnectConfig.Build(FreePort.UdpAndTcp(), FreePort.UdpAndTcp());
        await using (var gw = await GatewayProcess.StartAsync(config.ToJsonString()))
        {
            await using var cti = new CtiClient(gw, ExtendConnectConfig.CrmKey);
            Assert.Equal(201, (await cti.PostAsync("/cti/devices/CTRIDalice/remote-destinations", new { number = "914085550199", active = false })).Status);
            var caller = await Sipp.RunAsync(gw, "uac_call.xml", localAddress: "127.0.0.2", service: "2000");
            Assert.NotEqual(0, caller.ExitCode);
            var cdr = await gw.FirstCdrAsync();
            Assert.Equal(486, cdr.GetProperty("causeCode").GetInt32());
        }
        // With a Call Forward No Answer destination (voicemail on the PSTN here) the call goes there instead.
        config["Trunks"]!["GW_SJC_1"]!["Destination"] = $"127.0.0.1:{rd.Port}";
        config["Devices"]!["CTRIDalice"]!["Lines"]![0]!["CallForwardNoAnswer"] = "914085550177";
        await using (var gw = await GatewayProcess.StartAsync(config.ToJsonString()))
        {
            var caller = await Sipp.RunAsync(gw, "uac_call.xml", localAddress: "127.0.0.2", service: "2000");
            Assert.True(caller.ExitCode == 0, caller.Output + "\n" + gw.Output);
            Assert.Equal(0, await rd.WaitAsync(TimeSpan.FromSeconds(20)));
            Assert.Contains("INVITE sip:14085550177@127.0.0.1", rd.Messages);
        }
    }
}
