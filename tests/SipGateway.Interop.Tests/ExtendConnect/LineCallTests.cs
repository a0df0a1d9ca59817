using System.Text.Json.Nodes;
using SipGateway.Interop.Tests.Infrastructure;

namespace SipGateway.Interop.Tests.ExtendConnect;

/// <summary>
/// Inbound calls to the remote device's line 2000 (a SIPp caller on trunk GW_IN) as CTI calls: Offering over the event
/// stream while the remote destination (a SIPp UAS behind GW_SJC_1) rings, Connected when it answers, mid-call
/// requests on the answered call, and redirect (deflect) of a ringing call to a destination behind GW_CENTRAL.
/// </summary>
public class LineCallTests
{
    /// <summary>The test config plus route pattern 8.XXXX (PT_PSTN) to GW_CENTRAL alone.</summary>
    private static string Config(int sjcPort, int centralPort)
    {
        var c = ExtendConnectConfig.Build(sjcPort, centralPort);
        var plan = c["DialPlan"]!.AsObject();
        plan["RouteLists"]!["RL_CENTRAL"] = new JsonArray("RG_Central");
        plan["RoutePatterns"]!.AsArray().Add(new JsonObject
        {
            ["Pattern"] = "8.XXXX", ["Partition"] = "PT_PSTN", ["RouteList"] = "RL_CENTRAL", ["DiscardDigits"] = "PreDot",
        });
        return c.ToJsonString();
    }

    [Fact]
    public async Task A_ringing_line_call_is_offered_to_the_cti_client_and_redirected_to_a_destination_that_answers()
    {
        await using var rd = SippUas.Start("uas_ring_cancel.xml");
        await using var destination = SippUas.Start("uas_check.xml");
        await using var gw = await GatewayProcess.StartAsync(Config(rd.Port, destination.Port));
        await using var cti = new CtiClient(gw, ExtendConnectConfig.CrmKey);
        await cti.ConnectEventsAsync();
        Assert.Equal(201, (await cti.PostAsync("/cti/devices/CTRIDalice/remote-destinations", new { number = "914085550199", active = true })).Status);

        var caller = Sipp.RunAsync(gw, "uac_call.xml", localAddress: "127.0.0.2", service: "2000", timeoutSeconds: 30);
        var offering = await cti.WaitForEventAsync("Offering", timeout: TimeSpan.FromSeconds(15));
        var callId = offering.GetProperty("callId").GetString()!;
        Assert.Equal("CTRIDalice", offering.GetProperty("device").GetString());
        Assert.Equal("6505551234", offering.GetProperty("calling").GetString());
        Assert.Equal("2000", offering.GetProperty("called").GetString());
        var listed = (await cti.SendAsync(HttpMethod.Get, $"/cti/calls/{callId}")).Body;
        Assert.Equal("Line", listed.GetProperty("kind").GetString());
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(rd.Messages.Contains("INVITE sip:14085550199@")), TimeSpan.FromSeconds(10)), rd.Messages);

        var held = await cti.PostAsync($"/cti/calls/{callId}/hold");
        Assert.Equal("INVALID_STATE", held.Body.GetProperty("error").GetString());
        var nowhere = await cti.PostAsync($"/cti/calls/{callId}/redirect", new { destination = "7" });
        Assert.Equal(404, nowhere.Status);
        Assert.Equal("DESTINATION_NOT_REACHABLE", nowhere.Body.GetProperty("error").GetString());
        var redirected = await cti.PostAsync($"/cti/calls/{callId}/redirect", new { destination = "85555" });
        Assert.True(redirected.Status == 200, redirected.Body.ToString());
        await cti.WaitForEventAsync("Redirected", callId);
        Assert.Equal(302, (await cti.WaitForEventAsync("Disconnected", callId)).GetProperty("cause").GetInt32());

        // The caller is answered by the destination; the remote destination was cancelled.
        var result = await caller;
        Assert.True(result.ExitCode == 0, result.Output + "\n" + gw.Output);
        Assert.Equal(0, await rd.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal(0, await destination.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Contains("INVITE sip:5555@", destination.Messages);
        Assert.Matches("From: \"PSTN Caller\" <sip:6505551234@", destination.Messages);
        var cdr = await gw.FirstCdrAsync();
        Assert.Equal("GW_CENTRAL", cdr.GetProperty("routeMember").GetString());
        Assert.Equal(0, (await cti.SendAsync(HttpMethod.Get, "/cti/calls")).Body.GetArrayLength());
    }

    [Fact]
    public async Task An_answered_line_call_is_connected_held_retrieved_and_reported_disconnected_when_the_caller_hangs_up()
    {
        await using var rd = SippUas.Start("uas_check.xml");
        await using var gw = await GatewayProcess.StartAsync(Config(rd.Port, FreePort.UdpAndTcp()));
        await using var cti = new CtiClient(gw, ExtendConnectConfig.CrmKey);
        await cti.ConnectEventsAsync();
        Assert.Equal(201, (await cti.PostAsync("/cti/devices/CTRIDalice/remote-destinations", new { number = "914085550199", active = true })).Status);

        var caller = Sipp.RunAsync(gw, "uac_call_long.xml", localAddress: "127.0.0.2", service: "2000", extra: ["-d", "4000"]);
        var offering = await cti.WaitForEventAsync("Offering", timeout: TimeSpan.FromSeconds(15));
        var callId = offering.GetProperty("callId").GetString()!;
        await cti.WaitForEventAsync("Connected", callId, TimeSpan.FromSeconds(15));
        var redirect = await cti.PostAsync($"/cti/calls/{callId}/redirect", new { destination = "85555" });
        Assert.Equal("INVALID_STATE", redirect.Body.GetProperty("error").GetString());
        Assert.Equal(200, (await cti.PostAsync($"/cti/calls/{callId}/hold")).Status);
        await cti.WaitForEventAsync("Held", callId);
        Assert.Equal(409, (await cti.PostAsync($"/cti/calls/{callId}/hold")).Status);
        Assert.Equal(200, (await cti.PostAsync($"/cti/calls/{callId}/retrieve")).Status);
        await cti.WaitForEventAsync("Retrieved", callId);
        Assert.Equal(200, (await cti.PostAsync($"/cti/calls/{callId}/dtmf", new { digits = "12" })).Status);

        var result = await caller;
        Assert.True(result.ExitCode == 0, result.Output + "\n" + gw.Output);
        var ended = await cti.WaitForEventAsync("Disconnected", callId, TimeSpan.FromSeconds(10));
        Assert.Equal(200, ended.GetProperty("cause").GetInt32());
        Assert.Equal(["Offering", "Connected", "Held", "Retrieved", "Disconnected"], cti.EventNames(callId));
        Assert.Equal(0, await rd.WaitAsync(TimeSpan.FromSeconds(15)));
    }
}
