using SipGateway.Interop.Tests.Infrastructure;
using SipGateway.Media.Audio;

namespace SipGateway.Interop.Tests.ExtendConnect;

/// <summary>
/// Dial Via Office through the running gateway: the CTI request rings the remote destination first (a SIPp UAS behind
/// trunk GW_SJC_1 that echoes RTP), then the dialled phone (a real baresip as 1001), and joins the two.
/// </summary>
public class DialViaOfficeTests
{
    [Fact]
    public async Task The_remote_destination_is_called_as_Voice_Connect_then_the_target_and_audio_flows_end_to_end()
    {
        await using var rd = SippEchoUas.Start("uas_check.xml");
        await using var gw = await GatewayProcess.StartAsync(ExtendConnectConfig.Build(rd.Port, FreePort.UdpAndTcp()).ToJsonString());
        var tone = Path.Combine(Directory.CreateTempSubdirectory("tone-").FullName, "tone.wav");
        ToneFile.Write(tone, 1000, TimeSpan.FromSeconds(30));
        await using var target = Baresip.Start(
            $"<sip:1001@127.0.0.1:{gw.SipPort}>;auth_user=1001;auth_pass=demo1001;regint=120;answermode=auto;audio_codecs=pcmu", microphone: tone, record: true);
        Assert.True(await Poll.UntilAsync(async () => (await gw.GetJsonAsync("/api/registrations")).ToString().Contains("SEP0011AABBCC02"),
            TimeSpan.FromSeconds(20)), "1001 did not register\n" + target.Output);

        await using var cti = new CtiClient(gw, ExtendConnectConfig.CrmKey);
        await cti.ConnectEventsAsync();
        Assert.Equal(201, (await cti.PostAsync("/cti/devices/CTRIDalice/remote-destinations", new { number = "914085550199", active = true })).Status);
        var made = await cti.PostAsync("/cti/devices/CTRIDalice/calls", new { destination = "1001" });
        Assert.True(made.Status == 201, made.Body.ToString());
        var callId = made.Body.GetProperty("callId").GetString()!;

        await cti.WaitForEventAsync("Connected", callId, TimeSpan.FromSeconds(20));
        Assert.Equal(["Offering", "Accepted", "Connected"], cti.EventNames(callId).Where(n => n is "Offering" or "Accepted" or "Connected"));
        // The remote destination saw "Voice Connect" with the trunk's DID; the target saw the device's name and DN, never the RD number.
        Assert.Contains("INVITE sip:14085550199@127.0.0.1", rd.Messages);
        Assert.Matches("From: \"Voice Connect\" <sip:4085550100@", rd.Messages);
        Assert.True(target.Output.Contains("from sip:2000@"), target.Output);
        Assert.DoesNotContain("4085550199", target.Output);

        await Task.Delay(2500); // let the tone go round: 1001 -> gateway -> RD (echo) -> gateway -> 1001
        // Mid-call requests on the live call: hold and retrieve the far party, RFC 4733 digits to it.
        Assert.Equal(200, (await cti.PostAsync($"/cti/calls/{callId}/hold")).Status);
        await cti.WaitForEventAsync("Held", callId);
        Assert.Equal(409, (await cti.PostAsync($"/cti/calls/{callId}/hold")).Status);
        Assert.Equal(200, (await cti.PostAsync($"/cti/calls/{callId}/retrieve")).Status);
        await cti.WaitForEventAsync("Retrieved", callId);
        Assert.Equal(200, (await cti.PostAsync($"/cti/calls/{callId}/dtmf", new { digits = "159" })).Status);
        await Task.Delay(1500);
        var hangup = await cti.PostAsync($"/cti/calls/{callId}/disconnect");
        Assert.Equal(200, hangup.Status);
        await cti.WaitForEventAsync("Disconnected", callId);
        Assert.True(await rd.WaitAsync(TimeSpan.FromSeconds(15)) == 0, rd.Errors + "\n" + gw.Output);

        await target.CommandAsync("quit");
        await target.WaitForExitAsync(TimeSpan.FromSeconds(10));
        var recording = Directory.GetFiles(target.RecordingDir, "dump-*-dec.wav").FirstOrDefault();
        Assert.True(recording is not null, "1001 recorded nothing\n" + target.Output);
        var window = Recording.Loudest(WavReader.Read(recording!).Samples);
        double a1000 = Goertzel.Amplitude(window, 1000), a600 = Goertzel.Amplitude(window, 600), a1400 = Goertzel.Amplitude(window, 1400);
        Assert.True(a1000 > 10 * Math.Max(a600, a1400) && a1000 > 1000, $"1 kHz {a1000:F0}, 600 Hz {a600:F0}, 1400 Hz {a1400:F0}");
    }

    [Fact]
    public async Task A_remote_destination_that_refuses_is_reported_and_the_target_is_never_called()
    {
        // Both route members of the remote destination (GW_SJC_1, then GW_CENTRAL) answer 503.
        await using var rd = SippEchoUas.Start("uas_reject.xml", calls: 2);
        await using var gw = await GatewayProcess.StartAsync(ExtendConnectConfig.Build(rd.Port, rd.Port).ToJsonString());
        await using var cti = new CtiClient(gw, ExtendConnectConfig.CrmKey);
        await cti.ConnectEventsAsync();
        var noRd = await cti.PostAsync("/cti/devices/CTRIDalice/calls", new { destination = "1001" });
        Assert.Equal(409, noRd.Status);
        Assert.Equal("NO_ACTIVE_RD", noRd.Body.GetProperty("error").GetString());
        var added = await cti.PostAsync("/cti/devices/CTRIDalice/remote-destinations", new { number = "914085550199", active = true });
        Assert.True(added.Status == 201, added.Body.ToString());
        var unreachable = await cti.PostAsync("/cti/devices/CTRIDalice/calls", new { destination = "919005551234" });
        Assert.Equal("DESTINATION_NOT_REACHABLE", unreachable.Body.GetProperty("error").GetString());

        var made = await cti.PostAsync("/cti/devices/CTRIDalice/calls", new { destination = "914085550111" });
        Assert.Equal(201, made.Status);
        var callId = made.Body.GetProperty("callId").GetString()!;
        var disconnected = await cti.WaitForEventAsync("Disconnected", callId, TimeSpan.FromSeconds(20));
        Assert.Equal("remote-destination", disconnected.GetProperty("failedLeg").GetString());
        Assert.True(disconnected.GetProperty("cause").GetInt32() >= 400);
        Assert.DoesNotContain("Connected", cti.EventNames(callId));
        Assert.True(await Poll.UntilAsync(async () => (await cti.SendAsync(HttpMethod.Get, "/cti/calls")).Body.GetArrayLength() == 0, TimeSpan.FromSeconds(5)));
    }

    /// <summary>
    /// The remote destination's leg fails over between route members by the route's rules, as a call's members do
    /// (UCM route list failover): 480 moves on to the next member (GW_CENTRAL), 486 stops (Stop Routing on User Busy).
    /// </summary>
    [Theory]
    [InlineData("uas_unavailable.xml", true)]
    [InlineData("uas_busy.xml", false)]
    public async Task The_remote_destination_leg_fails_over_between_route_members_by_the_route_rules(string firstMember, bool secondCalled)
    {
        await using var first = SippEchoUas.Start(firstMember);
        await using var second = SippEchoUas.Start("uas_reject.xml");
        await using var gw = await GatewayProcess.StartAsync(ExtendConnectConfig.Build(first.Port, second.Port).ToJsonString());
        await using var cti = new CtiClient(gw, ExtendConnectConfig.CrmKey);
        await cti.ConnectEventsAsync();
        Assert.Equal(201, (await cti.PostAsync("/cti/devices/CTRIDalice/remote-destinations", new { number = "914085550199", active = true })).Status);

        var made = await cti.PostAsync("/cti/devices/CTRIDalice/calls", new { destination = "914085550111" });
        Assert.Equal(201, made.Status);
        var callId = made.Body.GetProperty("callId").GetString()!;
        var disconnected = await cti.WaitForEventAsync("Disconnected", callId, TimeSpan.FromSeconds(20));
        Assert.Equal("remote-destination", disconnected.GetProperty("failedLeg").GetString());
        Assert.Contains("INVITE sip:14085550199@", first.Messages);
        if (secondCalled)
        {
            Assert.True(await Poll.UntilAsync(() => Task.FromResult(second.Messages.Contains("INVITE sip:14085550199@")), TimeSpan.FromSeconds(5)),
                "the second member was never called\n" + gw.Output);
            Assert.Equal(503, disconnected.GetProperty("cause").GetInt32());
        }
        else
        {
            await Task.Delay(1000);
            Assert.DoesNotContain("INVITE", second.Messages);
            Assert.Equal(486, disconnected.GetProperty("cause").GetInt32());
        }
    }
}
