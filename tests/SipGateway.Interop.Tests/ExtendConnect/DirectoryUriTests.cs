using SipGateway.Configuration;
using SipGateway.Interop.Tests.Infrastructure;

namespace SipGateway.Interop.Tests.ExtendConnect;

/// <summary>
/// Directory-URI remote destinations (alice@example.com) through the running gateway: rung as sip:alice@example.com
/// at the destination of ExtendConnect:UriTrunk (a SIPp UAS), for calls to the device line and for Dial Via Office.
/// </summary>
public class DirectoryUriTests
{
    private static System.Text.Json.Nodes.JsonObject WithUriTrunk(int rdPort)
    {
        var config = ExtendConnectConfig.Build(rdPort, FreePort.UdpAndTcp());
        config["ExtendConnect"]!["UriTrunk"] = "GW_SJC_1";
        return config;
    }

    [Fact]
    public async Task A_call_to_the_device_line_rings_the_uri_through_the_uri_trunk_and_connects()
    {
        await using var rd = SippUas.Start("uas_check.xml");
        await using var gw = await GatewayProcess.StartAsync(WithUriTrunk(rd.Port).ToJsonString());
        await using var cti = new CtiClient(gw, ExtendConnectConfig.CrmKey);
        var added = await cti.PostAsync("/cti/devices/CTRIDalice/remote-destinations", new { number = "sip:alice@Example.COM", active = true });
        Assert.True(added.Status == 201, added.Body.ToString());
        Assert.Equal("alice@example.com", added.Body.GetProperty("number").GetString());
        // Unique in any spelling (the URI compares in its normal form).
        var again = await cti.PostAsync("/cti/devices/CTRIDalice/remote-destinations", new { number = "alice@EXAMPLE.com" });
        Assert.Equal((409, "RD_NOT_UNIQUE"), (again.Status, again.Body.GetProperty("error").GetString()));

        var caller = await Sipp.RunAsync(gw, "uac_call.xml", localAddress: "127.0.0.2", service: "2000");
        Assert.True(caller.ExitCode == 0, caller.Output + "\n" + gw.Output);
        Assert.Equal(0, await rd.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("INVITE sip:alice@example.com SIP/2.0", rd.Messages);
        Assert.Contains("To: <sip:alice@example.com>", rd.Messages);
        Assert.Matches("From: \"PSTN Caller\" <sip:6505551234@", rd.Messages);
        var cdr = await gw.FirstCdrAsync();
        Assert.Equal(200, cdr.GetProperty("causeCode").GetInt32());
        Assert.Equal("GW_SJC_1", cdr.GetProperty("routeMember").GetString());
    }

    [Fact]
    public async Task Dial_Via_Office_rings_the_uri_first_then_connects_the_target()
    {
        await using var rd = SippEchoUas.Start("uas_check.xml");
        await using var gw = await GatewayProcess.StartAsync(WithUriTrunk(rd.Port).ToJsonString());
        await using var target = Baresip.Start(
            $"<sip:1001@127.0.0.1:{gw.SipPort}>;auth_user=1001;auth_pass=demo1001;regint=120;answermode=auto;audio_codecs=pcmu");
        Assert.True(await Poll.UntilAsync(async () => (await gw.GetJsonAsync("/api/registrations")).ToString().Contains("SEP0011AABBCC02"),
            TimeSpan.FromSeconds(20)), "1001 did not register\n" + target.Output);
        await using var cti = new CtiClient(gw, ExtendConnectConfig.CrmKey);
        await cti.ConnectEventsAsync();
        Assert.Equal(201, (await cti.PostAsync("/cti/devices/CTRIDalice/remote-destinations", new { number = "alice@example.com", active = true })).Status);
        var made = await cti.PostAsync("/cti/devices/CTRIDalice/calls", new { destination = "1001" });
        Assert.True(made.Status == 201, made.Body.ToString());
        var callId = made.Body.GetProperty("callId").GetString()!;
        await cti.WaitForEventAsync("Connected", callId, TimeSpan.FromSeconds(20));
        Assert.Contains("INVITE sip:alice@example.com SIP/2.0", rd.Messages);
        Assert.Contains("To: <sip:alice@example.com>", rd.Messages);
        Assert.Matches("From: \"Voice Connect\" <sip:4085550100@", rd.Messages);
        Assert.Equal(200, (await cti.PostAsync($"/cti/calls/{callId}/disconnect")).Status);
        await cti.WaitForEventAsync("Disconnected", callId);
    }

    [Fact]
    public async Task A_persistent_connection_to_a_uri_is_set_up_through_the_uri_trunk()
    {
        await using var rd = SippEchoUas.Start("uas_check.xml");
        await using var gw = await GatewayProcess.StartAsync(WithUriTrunk(rd.Port).ToJsonString());
        await using var cti = new CtiClient(gw, ExtendConnectConfig.CrmKey);
        await cti.ConnectEventsAsync();
        Assert.Equal(201, (await cti.PostAsync("/cti/devices/CTRIDalice/remote-destinations", new { number = "agent7@Contact-Center.example.net", active = true })).Status);
        var created = await cti.PostAsync("/cti/devices/CTRIDalice/persistent-connection");
        Assert.True(created.Status == 201, created.Body.ToString());
        var pcId = created.Body.GetProperty("callId").GetString()!;
        await cti.WaitForEventAsync("PersistentConnectionEstablished", pcId, TimeSpan.FromSeconds(20));
        Assert.Contains("INVITE sip:agent7@contact-center.example.net SIP/2.0", rd.Messages);
        Assert.Equal(200, (await cti.PostAsync($"/cti/calls/{pcId}/disconnect")).Status);
        await cti.WaitForEventAsync("PersistentConnectionReleased", pcId);
    }

    [Fact]
    public async Task Without_a_uri_trunk_a_uri_is_RD_NOT_REACHABLE_and_a_bad_uri_is_RD_INVALID()
    {
        await using var gw = await GatewayProcess.StartAsync(ExtendConnectConfig.Build(FreePort.UdpAndTcp(), FreePort.UdpAndTcp()).ToJsonString());
        await using var cti = new CtiClient(gw, ExtendConnectConfig.CrmKey);
        var refused = await cti.PostAsync("/cti/devices/CTRIDalice/remote-destinations", new { number = "alice@example.com" });
        Assert.Equal((400, "RD_NOT_REACHABLE"), (refused.Status, refused.Body.GetProperty("error").GetString()));
        Assert.Contains("ExtendConnect:UriTrunk", refused.Body.GetProperty("detail").GetString());
        var bad = await cti.PostAsync("/cti/devices/CTRIDalice/remote-destinations", new { number = "alice@exa mple.com" });
        Assert.Equal((400, "RD_INVALID"), (bad.Status, bad.Body.GetProperty("error").GetString()));
    }

    [Fact]
    public void An_unknown_uri_trunk_stops_start_up_naming_key_and_value()
    {
        var config = ExtendConnectConfig.Build(5090, 5092);
        config["ExtendConnect"]!["UriTrunk"] = "GW_NOWHERE";
        var path = Path.Combine(Directory.CreateTempSubdirectory("ec-config-").FullName, "gateway.json");
        File.WriteAllText(path, config.ToJsonString());
        var message = Assert.Throws<ConfigurationError>(() => GatewaySettings.Load(["--config", path])).Message;
        Assert.Contains("ExtendConnect:UriTrunk = 'GW_NOWHERE': no such trunk in Trunks", message);
    }
}
