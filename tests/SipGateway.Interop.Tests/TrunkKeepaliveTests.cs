using System.Text.Json;
using System.Text.Json.Nodes;
using SipGateway.Interop.Tests.Infrastructure;

namespace SipGateway.Interop.Tests;

/// <summary>OPTIONS keepalive: a trunk that stops answering is marked out of service, skipped by route groups, and comes back.</summary>
public class TrunkKeepaliveTests
{
    [Fact]
    public async Task Silent_trunk_is_marked_down_skipped_and_back_in_service_when_it_answers()
    {
        await using var good = SippUas.Start("uas_check.xml");
        int silentPort = FreePort.UdpAndTcp();
        var config = JsonNode.Parse(GatewayConfig.WithTrunks(silentPort, good.Port))!.AsObject();
        config["Trunks"]!["GW_SJC_1"]!["OptionsPing"] = true; // GW_CENTRAL's checking UAS only expects an INVITE: no ping there
        await using var gw = await GatewayProcess.StartAsync(config.ToJsonString(),
            "--Calls:OptionsPingSeconds", "1", "--Sip:T1Milliseconds", "50", "--Calls:MemberSetupTimeoutSeconds", "60");

        Assert.True(await WaitForTrunkAsync(gw, "GW_SJC_1", inService: false, TimeSpan.FromSeconds(15)), "GW_SJC_1 never marked down\n" + gw.Output);

        // The member setup timeout is 60 s, longer than SIPp waits: the call completes only because GW_SJC_1 is skipped.
        var uac = await Sipp.RunAsync(gw, "uac_call.xml", localAddress: "127.0.0.2", service: "914085551234");
        Assert.True(uac.ExitCode == 0, uac.Output + "\n" + gw.Output);
        Assert.Equal("GW_CENTRAL", (await gw.FirstCdrAsync()).GetProperty("routeMember").GetString());

        await using var responder = SippUas.StartOn("uas_options.xml", silentPort, calls: 1000);
        Assert.True(await WaitForTrunkAsync(gw, "GW_SJC_1", inService: true, TimeSpan.FromSeconds(15)), "GW_SJC_1 never came back\n" + gw.Output);
    }

    private static async Task<bool> WaitForTrunkAsync(GatewayProcess gw, string name, bool inService, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach (var t in (await gw.GetJsonAsync("/api/trunks")).EnumerateArray())
                if (t.GetProperty("name").GetString() == name && t.GetProperty("inService").GetBoolean() == inService && t.GetProperty("lastStatusCode").ValueKind == JsonValueKind.Number)
                    return true;
            await Task.Delay(250);
        }
        return false;
    }
}
