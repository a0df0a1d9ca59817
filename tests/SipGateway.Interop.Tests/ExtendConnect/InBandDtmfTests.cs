using SipGateway.Interop.Tests.Infrastructure;
using SipGateway.Media.Audio;

namespace SipGateway.Interop.Tests.ExtendConnect;

/// <summary>
/// CTI dtmf with mode inband on a Dial Via Office call: the called party (baresip 1001, recording) hears the digit
/// as audio, 770 + 1336 Hz for "5", where RFC 4733 alone would leave nothing in its recording.
/// </summary>
public class InBandDtmfTests
{
    [Fact]
    public async Task In_band_digits_are_heard_by_the_called_party()
    {
        await using var rd = SippEchoUas.Start("uas_check.xml");
        await using var gw = await GatewayProcess.StartAsync(ExtendConnectConfig.Build(rd.Port, FreePort.UdpAndTcp()).ToJsonString());
        var silence = Path.Combine(Directory.CreateTempSubdirectory("silence-").FullName, "silence.wav");
        ToneFile.Write(silence, 0, TimeSpan.FromSeconds(30));
        await using var target = Baresip.Start(
            $"<sip:1001@127.0.0.1:{gw.SipPort}>;auth_user=1001;auth_pass=demo1001;regint=120;answermode=auto;audio_codecs=pcmu", microphone: silence, record: true);
        Assert.True(await Poll.UntilAsync(async () => (await gw.GetJsonAsync("/api/registrations")).ToString().Contains("SEP0011AABBCC02"),
            TimeSpan.FromSeconds(20)), "1001 did not register\n" + target.Output);
        await using var cti = new CtiClient(gw, ExtendConnectConfig.CrmKey);
        await cti.ConnectEventsAsync();
        Assert.Equal(201, (await cti.PostAsync("/cti/devices/CTRIDalice/remote-destinations", new { number = "914085550199", active = true })).Status);
        var made = await cti.PostAsync("/cti/devices/CTRIDalice/calls", new { destination = "1001" });
        Assert.True(made.Status == 201, made.Body.ToString());
        var callId = made.Body.GetProperty("callId").GetString()!;
        await cti.WaitForEventAsync("Connected", callId, TimeSpan.FromSeconds(20));
        await Task.Delay(500);

        var bad = await cti.PostAsync($"/cti/calls/{callId}/dtmf", new { digits = "5", mode = "loud" });
        Assert.Equal(400, bad.Status);
        Assert.Equal("DTMF_MODE_INVALID", bad.Body.GetProperty("error").GetString());
        Assert.Equal(200, (await cti.PostAsync($"/cti/calls/{callId}/dtmf", new { digits = "55", mode = "inband" })).Status);
        await Task.Delay(1500);
        Assert.Equal(200, (await cti.PostAsync($"/cti/calls/{callId}/disconnect")).Status);
        await cti.WaitForEventAsync("Disconnected", callId);

        await target.CommandAsync("quit");
        await target.WaitForExitAsync(TimeSpan.FromSeconds(10));
        var recording = Directory.GetFiles(target.RecordingDir, "dump-*-dec.wav").FirstOrDefault();
        Assert.True(recording is not null, "1001 recorded nothing\n" + target.Output);
        var samples = WavReader.Read(recording!).Samples;
        // 40 ms windows where both tones of "5" stand well above the other DTMF frequencies.
        int hits = 0;
        for (int at = 0; at + 320 <= samples.Length; at += 320)
        {
            var w = samples.AsSpan(at, 320).ToArray();
            double low = Goertzel.Amplitude(w, 770), high = Goertzel.Amplitude(w, 1336);
            double others = new[] { 697, 852, 941, 1209, 1477, 1633 }.Max(f => Goertzel.Amplitude(w, f));
            if (low > 300 && high > 300 && Math.Min(low, high) > 4 * others) hits++;
        }
        Assert.True(hits >= 2, $"the digit 5 was heard in {hits} windows of 40 ms");
    }
}
