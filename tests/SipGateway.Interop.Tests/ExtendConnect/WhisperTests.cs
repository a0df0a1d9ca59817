using SipGateway.Interop.Tests.Infrastructure;
using SipGateway.Media.Audio;
using System.Text.Json.Nodes;

namespace SipGateway.Interop.Tests.ExtendConnect;

/// <summary>
/// Whisper and zip tone on a persistent connection, heard by a real baresip remote destination (the agent) that records:
/// the whisper (here a 3 s 700 Hz announcement, ExtendConnect:WhisperAnnouncement) plays first, then the zip tone
/// (one 440 Hz beep, ExtendConnect:ZipToneMs 100), then the customer's 1 kHz audio. A second customer who hangs up
/// during the whisper cuts it at once: the agent hears about a second of it, no zip tone and no customer.
/// </summary>
public class WhisperTests
{
    [Fact]
    public async Task The_agent_hears_the_whisper_then_the_zip_tone_then_the_customer_and_a_hang_up_cuts_the_whisper()
    {
        var dir = Directory.CreateTempSubdirectory("whisper-").FullName;
        var whisperWav = Path.Combine(dir, "whisper.wav");
        ToneFile.Write(whisperWav, 700, TimeSpan.FromSeconds(3));
        var customerTone = Path.Combine(dir, "customer.wav");
        ToneFile.Write(customerTone, 1000, TimeSpan.FromSeconds(40));

        await using var agent = Baresip.Start("<sip:14085550199@127.0.0.1>;regint=0;answermode=auto;audio_codecs=pcmu", maxSeconds: 90, record: true);
        var config = ExtendConnectConfig.Build(agent.SipPort, FreePort.UdpAndTcp());
        config["Media"] ??= new JsonObject();
        config["Media"]!["Announcements"] ??= new JsonObject();
        config["Media"]!["Announcements"]!["Whisper700"] = whisperWav;
        config["ExtendConnect"]!["WhisperAnnouncement"] = "Whisper700";
        config["ExtendConnect"]!["ZipToneMs"] = 100;
        await using var gw = await GatewayProcess.StartAsync(config.ToJsonString());
        await using var cti = new CtiClient(gw, ExtendConnectConfig.CrmKey);
        await cti.ConnectEventsAsync();

        Assert.Equal(201, (await cti.PostAsync("/cti/devices/CTRIDalice/remote-destinations", new { number = "914085550199", active = true })).Status);
        var unknown = await cti.PostAsync("/cti/devices/CTRIDalice/persistent-connection", new { whisperAnnouncement = "NoSuchClip" });
        Assert.Equal(400, unknown.Status);
        Assert.Equal("ANNOUNCEMENT_NOT_FOUND", unknown.Body.GetProperty("error").GetString());
        var created = await cti.PostAsync("/cti/devices/CTRIDalice/persistent-connection");
        Assert.True(created.Status == 201, created.Body.ToString());
        var pcId = created.Body.GetProperty("callId").GetString()!;
        await cti.WaitForEventAsync("PersistentConnectionEstablished", pcId, TimeSpan.FromSeconds(20));

        await using var customer = Baresip.Start(
            $"<sip:1000@127.0.0.1:{gw.SipPort}>;auth_user=1000;auth_pass=demo1000;regint=120;audio_codecs=pcmu", microphone: customerTone);
        Assert.True(await Poll.UntilAsync(async () => (await gw.GetJsonAsync("/api/registrations")).ToString().Contains("SEP0011AABBCC01"),
            TimeSpan.FromSeconds(20)), "1000 did not register\n" + customer.Output);

        // Customer 1 stays through the whisper and the zip tone, and is connected.
        await customer.CommandAsync("dial", $"sip:2000@127.0.0.1:{gw.SipPort}");
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(cti.EventNames().Contains("Connected")), TimeSpan.FromSeconds(15)),
            "customer 1 was not connected\n" + string.Join(", ", cti.EventNames()) + "\n" + gw.Output);
        await Task.Delay(1500);
        await customer.CommandAsync("hangup");
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(cti.EventNames().Count(n => n == "Disconnected") == 1), TimeSpan.FromSeconds(10)),
            "customer 1 did not end\n" + gw.Output);
        await Task.Delay(500);

        // Customer 2 hangs up a second into the whisper: it stops at once and the customer is never connected.
        await customer.CommandAsync("dial", $"sip:2000@127.0.0.1:{gw.SipPort}");
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(cti.EventNames().Count(n => n == "Offering") == 2), TimeSpan.FromSeconds(15)),
            "customer 2 was not offered\n" + string.Join(", ", cti.EventNames()));
        await Task.Delay(1000);
        await customer.CommandAsync("hangup");
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(cti.EventNames().Count(n => n == "Disconnected") == 2), TimeSpan.FromSeconds(10)),
            "customer 2 did not end\n" + gw.Output);
        await Task.Delay(2500); // what would have been the rest of the whisper, had it not been cut
        Assert.Equal(1, cti.EventNames().Count(n => n == "Connected"));

        Assert.Equal(200, (await cti.PostAsync($"/cti/calls/{pcId}/disconnect")).Status);
        await cti.WaitForEventAsync("PersistentConnectionReleased", pcId);
        await agent.CommandAsync("quit");
        await agent.WaitForExitAsync(TimeSpan.FromSeconds(10));
        var recording = Directory.GetFiles(agent.RecordingDir, "dump-*-dec.wav").FirstOrDefault();
        Assert.True(recording is not null, "the remote destination recorded nothing\n" + agent.Output);

        var runs = Runs(WavReader.Read(recording!).Samples);
        var shown = string.Join(", ", runs.Select(r => $"{r.Hz}Hz@{r.Start:F2}s+{r.Length:F2}s"));
        // Call 1: whisper (3 s), zip beep (0.1 s), customer; call 2: whisper cut after about a second, nothing else.
        Assert.True(runs.Count == 4, "expected whisper, zip, customer, cut whisper; heard " + shown);
        Assert.Equal([700, 440, 1000, 700], runs.Select(r => r.Hz));
        Assert.InRange(runs[0].Length, 2.7, 3.3);
        Assert.InRange(runs[1].Length, 0.06, 0.2);
        Assert.InRange(runs[3].Length, 0.5, 2.0);
    }

    /// <summary>Stretches of 20 ms windows in which one of 440/700/1000 Hz dominates (short gaps and glitches ignored).</summary>
    private static List<(int Hz, double Start, double Length)> Runs(short[] samples)
    {
        const int Window = 160;
        int[] tones = [440, 700, 1000];
        var runs = new List<(int Hz, double Start, double Length)>();
        for (int at = 0; at + Window <= samples.Length; at += Window)
        {
            var block = samples.AsSpan(at, Window).ToArray();
            var levels = tones.Select(t => Goertzel.Amplitude(block, t)).ToArray();
            int best = Array.IndexOf(levels, levels.Max());
            if (levels[best] < 500 || levels.Where((_, i) => i != best).Any(l => l * 4 > levels[best])) continue;
            double start = at / 8000.0, length = Window / 8000.0;
            if (runs.Count > 0 && runs[^1].Hz == tones[best] && start - (runs[^1].Start + runs[^1].Length) < 0.1)
                runs[^1] = (tones[best], runs[^1].Start, start + length - runs[^1].Start);
            else
                runs.Add((tones[best], start, length));
        }
        // A window straddling two tones can be attributed to neither or give a lone 20 ms blip: drop blips shorter than 40 ms.
        return runs.Where(r => r.Length >= 0.04).ToList();
    }
}
