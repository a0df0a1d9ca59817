using SipGateway.Interop.Tests.Infrastructure;
using SipGateway.Media.Audio;

namespace SipGateway.Interop.Tests.ExtendConnect;

/// <summary>
/// CTI conference through the running gateway: the remote destination (a SIPp UAS behind GW_SJC_1 that echoes the RTP
/// it hears) calls 1001 (baresip, 1 kHz) via Dial Via Office, then 1002 (baresip, 600 Hz), and conferences the two.
/// Mix-minus means a phone hears its own tone only through the remote destination's echo, so each phone hearing both
/// tones shows its audio reached the RD and the other phone, and theirs reached it.
/// </summary>
public class ConferenceTests
{
    [Fact]
    public async Task Conference_mixes_the_remote_destination_and_both_far_parties_and_the_rest_stay_when_one_leaves()
    {
        await using var rd = SippEchoUas.Start("uas_check.xml", calls: 2, timeoutSeconds: 90);
        await using var gw = await GatewayProcess.StartAsync(ExtendConnectConfig.Build(rd.Port, FreePort.UdpAndTcp()).ToJsonString());
        var dir = Directory.CreateTempSubdirectory("tones-").FullName;
        string tone1000 = Path.Combine(dir, "t1000.wav"), tone600 = Path.Combine(dir, "t600.wav");
        ToneFile.Write(tone1000, 1000, TimeSpan.FromSeconds(40));
        ToneFile.Write(tone600, 600, TimeSpan.FromSeconds(40));
        await using var x = Baresip.Start($"<sip:1001@127.0.0.1:{gw.SipPort}>;auth_user=1001;auth_pass=demo1001;regint=120;answermode=auto;audio_codecs=pcmu",
            maxSeconds: 90, microphone: tone1000, record: true);
        await using var y = Baresip.Start($"<sip:1002@127.0.0.1:{gw.SipPort}>;auth_user=1002;auth_pass=demo1002;regint=120;answermode=auto;audio_codecs=pcma",
            maxSeconds: 90, microphone: tone600, record: true);
        Assert.True(await Poll.UntilAsync(async () => (await gw.GetJsonAsync("/api/registrations")).ToString() is var r
            && r.Contains("SEP0011AABBCC02") && r.Contains("SEP0011AABBCC03"), TimeSpan.FromSeconds(20)), "1001/1002 did not register\n" + gw.Output);

        await using var cti = new CtiClient(gw, ExtendConnectConfig.CrmKey);
        await cti.ConnectEventsAsync();
        Assert.Equal(201, (await cti.PostAsync("/cti/devices/CTRIDalice/remote-destinations", new { number = "914085550199", active = true })).Status);
        var first = await cti.PostAsync("/cti/devices/CTRIDalice/calls", new { destination = "1001" });
        Assert.True(first.Status == 201, first.Body.ToString());
        var a = first.Body.GetProperty("callId").GetString()!;
        await cti.WaitForEventAsync("Connected", a, TimeSpan.FromSeconds(20));
        var consult = await cti.PostAsync("/cti/devices/CTRIDalice/calls", new { destination = "1002" });
        Assert.True(consult.Status == 201, consult.Body.ToString());
        var b = consult.Body.GetProperty("callId").GetString()!;

        var unknown = await cti.PostAsync($"/cti/calls/{a}/conference", new { consultCallId = "dvo-999" });
        Assert.Equal("CALL_NOT_FOUND", unknown.Body.GetProperty("error").GetString());
        var missing = await cti.PostAsync($"/cti/calls/{a}/conference", new { });
        Assert.Equal("CONSULT_CALL_REQUIRED", missing.Body.GetProperty("error").GetString());
        await cti.WaitForEventAsync("Connected", b, TimeSpan.FromSeconds(20));

        var conferenced = await cti.PostAsync($"/cti/calls/{a}/conference", new { consultCallId = b });
        Assert.True(conferenced.Status == 200, conferenced.Body.ToString());
        var e = await cti.WaitForEventAsync("Conferenced", a);
        Assert.Equal(b, e.GetProperty("consultCallId").GetString());
        var held = await cti.PostAsync($"/cti/calls/{a}/hold");
        Assert.Equal("INVALID_STATE", held.Body.GetProperty("error").GetString());
        await Task.Delay(3000); // three parties mixed: let the tones go round

        // 1001 leaves: call A is reported disconnected, the RD and 1002 stay on call B.
        await x.CommandAsync("hangup");
        var gone = await cti.WaitForEventAsync("Disconnected", a, TimeSpan.FromSeconds(10));
        Assert.Equal("destination", gone.GetProperty("endedBy").GetString());
        await Task.Delay(1000);
        Assert.DoesNotContain("Disconnected", cti.EventNames(b));
        var calls = (await cti.SendAsync(HttpMethod.Get, "/cti/calls")).Body;
        Assert.Equal(b, Assert.Single(calls.EnumerateArray()).GetProperty("callId").GetString());
        // Disconnect on B drops 1002; the RD, alone, is released and SIPp's two calls complete.
        Assert.Equal(200, (await cti.PostAsync($"/cti/calls/{b}/disconnect")).Status);
        await cti.WaitForEventAsync("Disconnected", b, TimeSpan.FromSeconds(10));
        Assert.True(await rd.WaitAsync(TimeSpan.FromSeconds(20)) == 0, rd.Errors + "\n" + gw.Output);

        foreach (var (phone, own, other) in new[] { (x, 1000, 600), (y, 600, 1000) }) await AssertHeardAsync(phone, own, other);
    }

    /// <summary>
    /// The usual UCM order: the first call is held, the consult call made, then conference retrieves the held party into
    /// the mix. baresip 1.0 drops its recorder from the receive path when a re-INVITE updates the stream (its
    /// audio_debug still counts RTP received), so the held phone 1001 is checked by that counter, 1002 by its recording.
    /// </summary>
    [Fact]
    public async Task A_held_call_and_its_consult_call_are_conferenced_with_the_held_party_retrieved()
    {
        await using var rd = SippEchoUas.Start("uas_check.xml", calls: 2, timeoutSeconds: 90);
        await using var gw = await GatewayProcess.StartAsync(ExtendConnectConfig.Build(rd.Port, FreePort.UdpAndTcp()).ToJsonString());
        var dir = Directory.CreateTempSubdirectory("tones-").FullName;
        string tone1000 = Path.Combine(dir, "t1000.wav"), tone600 = Path.Combine(dir, "t600.wav");
        ToneFile.Write(tone1000, 1000, TimeSpan.FromSeconds(40));
        ToneFile.Write(tone600, 600, TimeSpan.FromSeconds(40));
        await using var x = Baresip.Start($"<sip:1001@127.0.0.1:{gw.SipPort}>;auth_user=1001;auth_pass=demo1001;regint=120;answermode=auto;audio_codecs=pcmu",
            maxSeconds: 90, microphone: tone1000);
        await using var y = Baresip.Start($"<sip:1002@127.0.0.1:{gw.SipPort}>;auth_user=1002;auth_pass=demo1002;regint=120;answermode=auto;audio_codecs=pcmu",
            maxSeconds: 90, microphone: tone600, record: true);
        Assert.True(await Poll.UntilAsync(async () => (await gw.GetJsonAsync("/api/registrations")).ToString() is var r
            && r.Contains("SEP0011AABBCC02") && r.Contains("SEP0011AABBCC03"), TimeSpan.FromSeconds(20)), "1001/1002 did not register\n" + gw.Output);

        await using var cti = new CtiClient(gw, ExtendConnectConfig.CrmKey);
        await cti.ConnectEventsAsync();
        Assert.Equal(201, (await cti.PostAsync("/cti/devices/CTRIDalice/remote-destinations", new { number = "914085550199", active = true })).Status);
        var a = (await cti.PostAsync("/cti/devices/CTRIDalice/calls", new { destination = "1001" })).Body.GetProperty("callId").GetString()!;
        await cti.WaitForEventAsync("Connected", a, TimeSpan.FromSeconds(20));
        Assert.Equal(200, (await cti.PostAsync($"/cti/calls/{a}/hold")).Status);
        await cti.WaitForEventAsync("Held", a);
        var b = (await cti.PostAsync("/cti/devices/CTRIDalice/calls", new { destination = "1002" })).Body.GetProperty("callId").GetString()!;
        await cti.WaitForEventAsync("Connected", b, TimeSpan.FromSeconds(20));
        Assert.Equal(200, (await cti.PostAsync($"/cti/calls/{a}/conference", new { consultCallId = b })).Status);
        await cti.WaitForEventAsync("Conferenced", a);

        long before = await RtpReceivedAsync(x);
        await Task.Delay(3000);
        long after = await RtpReceivedAsync(x);
        Assert.True(after - before >= 100, $"the retrieved phone 1001 got {after - before} RTP packets in 3 s of conference");
        Assert.Equal(200, (await cti.PostAsync($"/cti/calls/{a}/disconnect")).Status);
        Assert.Equal(200, (await cti.PostAsync($"/cti/calls/{b}/disconnect")).Status);
        await cti.WaitForEventAsync("Disconnected", b, TimeSpan.FromSeconds(10));
        Assert.True(await rd.WaitAsync(TimeSpan.FromSeconds(20)) == 0, rd.Errors + "\n" + gw.Output);
        // 1002 hears the held-then-retrieved 1001, and itself through the RD: the mix reaches and leaves every party.
        await AssertHeardAsync(y, 600, 1000);
    }

    /// <summary>baresip's count of RTP packets received on its call (ctrl_tcp audio_debug, RTCP member "rcvd").</summary>
    private static async Task<long> RtpReceivedAsync(Baresip phone)
    {
        var m = System.Text.RegularExpressions.Regex.Match(await phone.CommandAsync("audio_debug"), @"rcvd=(\d+)");
        Assert.True(m.Success, "no audio_debug from baresip\n" + phone.Output);
        return long.Parse(m.Groups[1].Value);
    }

    private static async Task AssertHeardAsync(Baresip phone, int own, int other)
    {
        await phone.CommandAsync("quit");
        await phone.WaitForExitAsync(TimeSpan.FromSeconds(10));
        var file = Directory.GetFiles(phone.RecordingDir, "dump-*-dec.wav").FirstOrDefault();
        Assert.True(file is not null, "nothing recorded\n" + phone.Output);
        var heard = Recording.Loudest(WavReader.Read(file!).Samples);
        double aOther = Goertzel.Amplitude(heard, other), aOwn = Goertzel.Amplitude(heard, own), a1400 = Goertzel.Amplitude(heard, 1400);
        Assert.True(aOther > 1000 && aOther > 10 * a1400, $"the {own} Hz phone heard the other phone's {other} Hz at {aOther:F0} (1400 Hz {a1400:F0})");
        Assert.True(aOwn > 1000 && aOwn > 10 * a1400, $"the {own} Hz phone heard its own tone back from the RD at {aOwn:F0} (1400 Hz {a1400:F0})");
    }
}
