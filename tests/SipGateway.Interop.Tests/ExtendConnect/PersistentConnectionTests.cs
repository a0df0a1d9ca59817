using SipGateway.Interop.Tests.Infrastructure;
using SipGateway.Media.Audio;

namespace SipGateway.Interop.Tests.ExtendConnect;

/// <summary>
/// A persistent connection to the remote destination (a real baresip behind trunk GW_SJC_1, answering as
/// 14085550199) is set up once; two successive customer calls to line 2000 (baresip 1000 sending a 1 kHz tone) are
/// delivered on it, each preceded by the zip tone (one 440 Hz beep, ExtendConnect:ZipToneMs default 100 ms), which the remote destination records.
/// </summary>
public class PersistentConnectionTests
{
    [Fact]
    public async Task Two_customer_calls_are_delivered_on_one_persistent_connection_each_after_a_zip_tone()
    {
        await using var agent = Baresip.Start("<sip:14085550199@127.0.0.1>;regint=0;answermode=auto;audio_codecs=pcmu", maxSeconds: 90, record: true);
        await using var gw = await GatewayProcess.StartAsync(ExtendConnectConfig.Build(agent.SipPort, FreePort.UdpAndTcp()).ToJsonString());
        await using var cti = new CtiClient(gw, ExtendConnectConfig.CrmKey);
        await cti.ConnectEventsAsync();

        var refused = await cti.PostAsync("/cti/devices/CTRIDalice/persistent-connection");
        Assert.Equal("NO_ACTIVE_RD", refused.Body.GetProperty("error").GetString());
        Assert.Equal(201, (await cti.PostAsync("/cti/devices/CTRIDalice/remote-destinations", new { number = "914085550199", active = true })).Status);
        var created = await cti.PostAsync("/cti/devices/CTRIDalice/persistent-connection");
        Assert.True(created.Status == 201, created.Body.ToString());
        var pcId = created.Body.GetProperty("callId").GetString()!;
        var second = await cti.PostAsync("/cti/devices/CTRIDalice/persistent-connection");
        Assert.Equal(409, second.Status);
        Assert.Equal("PC_EXISTS", second.Body.GetProperty("error").GetString());
        await cti.WaitForEventAsync("PersistentConnectionEstablished", pcId, TimeSpan.FromSeconds(20));
        var transfer = await cti.PostAsync($"/cti/calls/{pcId}/transfer");
        Assert.Equal("NOT_ALLOWED_ON_PERSISTENT_CONNECTION", transfer.Body.GetProperty("error").GetString());
        await Task.Delay(1000); // a second of plain silence on the connection before the first customer

        var tone = Path.Combine(Directory.CreateTempSubdirectory("tone-").FullName, "tone.wav");
        ToneFile.Write(tone, 1000, TimeSpan.FromSeconds(40));
        await using var customer = Baresip.Start(
            $"<sip:1000@127.0.0.1:{gw.SipPort}>;auth_user=1000;auth_pass=demo1000;regint=120;audio_codecs=pcmu", microphone: tone);
        Assert.True(await Poll.UntilAsync(async () => (await gw.GetJsonAsync("/api/registrations")).ToString().Contains("SEP0011AABBCC01"),
            TimeSpan.FromSeconds(20)), "1000 did not register\n" + customer.Output);
        for (int i = 1; i <= 2; i++)
        {
            await customer.CommandAsync("dial", $"sip:2000@127.0.0.1:{gw.SipPort}");
            Assert.True(await Poll.UntilAsync(() => Task.FromResult(cti.EventNames().Count(n => n == "Connected") == i), TimeSpan.FromSeconds(15)),
                $"call {i} was not connected on the persistent connection\n" + string.Join(", ", cti.EventNames()) + "\n" + gw.Output);
            await Task.Delay(1500);
            await customer.CommandAsync("hangup");
            Assert.True(await Poll.UntilAsync(() => Task.FromResult(cti.EventNames().Count(n => n == "Disconnected") == i), TimeSpan.FromSeconds(10)),
                $"call {i} did not end\n" + gw.Output);
            await Task.Delay(500);
        }
        Assert.Equal(2, cti.EventNames().Count(n => n == "Connected"));
        Assert.Equal(2, cti.EventNames().Count(n => n == "Disconnected"));
        var pc = (await cti.SendAsync(HttpMethod.Get, "/cti/devices/CTRIDalice")).Body.GetProperty("persistentConnection");
        Assert.True(pc.GetProperty("connected").GetBoolean());
        Assert.Equal(pcId, pc.GetProperty("callId").GetString());
        // The remote destination was dialled once: both customers came over the same call.
        Assert.Equal(1, CountOf(agent.Output, "answering call"));

        Assert.Equal(200, (await cti.PostAsync($"/cti/calls/{pcId}/disconnect")).Status);
        await cti.WaitForEventAsync("PersistentConnectionReleased", pcId);
        await agent.CommandAsync("quit");
        await agent.WaitForExitAsync(TimeSpan.FromSeconds(10));
        var recording = Directory.GetFiles(agent.RecordingDir, "dump-*-dec.wav").FirstOrDefault();
        Assert.True(recording is not null, "the remote destination recorded nothing\n" + agent.Output);
        var zips = ZipTones(WavReader.Read(recording!).Samples);
        Assert.True(zips.Count == 2, $"expected 2 zip tones, found {zips.Count} at {string.Join(", ", zips.Select(t => $"{t:F2}s"))}");
        Assert.True(zips[0] < 0.5 && zips[1] - zips[0] > 1.0, $"zip tones at {zips[0]:F2}s and {zips[1]:F2}s");
    }

    private static int CountOf(string text, string what) => (text.Length - text.Replace(what, "").Length) / what.Length;

    /// <summary>
    /// Start times (s) of zip tones: runs of 50 ms windows where 440 Hz dominates, counted once per stretch between the
    /// customer's 1 kHz audio (the recording holds only decoded frames, so silence between calls takes no time in it).
    /// </summary>
    private static List<double> ZipTones(short[] samples)
    {
        var starts = new List<double>();
        bool inZip = false;
        for (int at = 0; at + 400 <= samples.Length; at += 400)
        {
            var window = samples.AsSpan(at, 400).ToArray();
            double a440 = Goertzel.Amplitude(window, 440), a1000 = Goertzel.Amplitude(window, 1000);
            if (a440 > 500 && a440 > 5 * a1000)
            {
                if (!inZip) starts.Add(at / 8000.0);
                inZip = true;
            }
            else if (a1000 > 500 && a1000 > 5 * a440) inZip = false;
        }
        return starts;
    }
}
