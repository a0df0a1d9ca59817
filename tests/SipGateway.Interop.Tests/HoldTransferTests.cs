using System.Text.Json;
using SipGateway.Interop.Tests.Infrastructure;
using SipGateway.Media.Audio;

namespace SipGateway.Interop.Tests;

/// <summary>
/// Real baresip phones through the gateway: 1000 calls 1001, puts it on hold (1001 hears music on hold), resumes, then
/// blind-transfers 1001 to a third phone, 1002, which must hear 1001's tone through the re-anchored media.
/// </summary>
public class HoldTransferTests
{
    [Fact]
    public async Task Hold_resume_and_blind_transfer_to_a_third_phone()
    {
        await using var gw = await GatewayProcess.StartAsync();
        var tone = Path.Combine(Directory.CreateTempSubdirectory("tone-").FullName, "tone.wav");
        ToneFile.Write(tone, 1000, TimeSpan.FromSeconds(40));

        await using var p1002 = Baresip.Start(
            $"<sip:1002@127.0.0.1:{gw.SipPort}>;auth_user=1002;auth_pass=demo1002;regint=120;answermode=auto;audio_codecs=pcmu", maxSeconds: 90, record: true);
        await using var p1001 = Baresip.Start(
            $"<sip:1001@127.0.0.1:{gw.SipPort}>;auth_user=1001;auth_pass=demo1001;regint=120;answermode=auto;audio_codecs=pcmu", maxSeconds: 90, microphone: tone);
        await using var p1000 = Baresip.Start(
            $"<sip:1000@127.0.0.1:{gw.SipPort}>;auth_user=1000;auth_pass=demo1000;regint=120;audio_codecs=pcmu", maxSeconds: 90);
        Assert.True(await Poll.UntilAsync(async () => (await gw.GetJsonAsync("/api/registrations")).ToString() is var r
            && r.Contains("SEP0011AABBCC01") && r.Contains("SEP0011AABBCC02") && r.Contains("SEP0011AABBCC03"), TimeSpan.FromSeconds(20)),
            "phones did not register\n" + gw.Output);

        await p1000.CommandAsync("dial", $"sip:1001@127.0.0.1:{gw.SipPort}");
        Assert.True(await Poll.UntilAsync(async () => Legs(await gw.GetJsonAsync("/api/calls")) is { Count: 2 } legs
            && legs.All(l => l.GetProperty("packetsReceived").GetInt64() > 25 && l.GetProperty("media").GetString() == "active"),
            TimeSpan.FromSeconds(20)), "no answered call with media\n" + gw.Output);

        // Hold from 1000: its leg is "held", 1001's is "on-hold" and keeps receiving packets (music on hold).
        var holdReply = await p1000.CommandAsync("hold");
        Assert.True(await Poll.UntilAsync(async () => Legs(await gw.GetJsonAsync("/api/calls")) is { Count: 2 } legs
            && legs.Any(l => l.GetProperty("media").GetString() == "held") && legs.Any(l => l.GetProperty("media").GetString() == "on-hold"),
            TimeSpan.FromSeconds(10)), "hold not seen: " + holdReply + "\n" + gw.Output);
        long SentTo1001(List<JsonElement> legs) => legs.First(l => l.GetProperty("media").GetString() == "on-hold").GetProperty("packetsSent").GetInt64();
        var before = SentTo1001(Legs(await gw.GetJsonAsync("/api/calls")));
        await Task.Delay(1000);
        var after = SentTo1001(Legs(await gw.GetJsonAsync("/api/calls")));
        Assert.True(after - before >= 35, $"music on hold: {after - before} packets to 1001 in 1 s");

        await p1000.CommandAsync("resume");
        Assert.True(await Poll.UntilAsync(async () => Legs(await gw.GetJsonAsync("/api/calls")) is { Count: 2 } legs
            && legs.All(l => l.GetProperty("media").GetString() == "active"), TimeSpan.FromSeconds(10)), "resume not seen\n" + gw.Output);

        // Blind transfer: 1000 refers 1001 to 1002; 1002 answers and is relayed to 1001; 1000 drops out.
        var transferReply = await p1000.CommandAsync("transfer", $"sip:1002@127.0.0.1:{gw.SipPort}");
        Assert.True(await Poll.UntilAsync(async () =>
        {
            var calls = await gw.GetJsonAsync("/api/calls");
            var legs = Legs(calls);
            return calls.GetArrayLength() == 1 && legs.Count == 2
                && legs.Any(l => l.GetProperty("device").GetString() == "SEP0011AABBCC03" && l.GetProperty("packetsReceived").GetInt64() > 25)
                && legs.Any(l => l.GetProperty("device").GetString() == "SEP0011AABBCC02");
        }, TimeSpan.FromSeconds(20)), "transfer not completed: " + transferReply + "\n" + gw.Output + p1000.Output);
        var redirections = (await gw.GetJsonAsync("/api/calls"))[0].GetProperty("redirections").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains(redirections, r => r!.StartsWith("Transfer:"));
        await Task.Delay(2500);

        await p1002.CommandAsync("hangup");
        Assert.True(await Poll.UntilAsync(async () => (await gw.GetJsonAsync("/api/calls")).GetArrayLength() == 0, TimeSpan.FromSeconds(10)), gw.Output);

        // 1002 heard 1001's 1 kHz tone.
        await p1002.CommandAsync("quit");
        await p1002.WaitForExitAsync(TimeSpan.FromSeconds(10));
        var recording = Directory.GetFiles(p1002.RecordingDir, "dump-*-dec.wav").FirstOrDefault();
        Assert.True(recording is not null, "1002 recorded nothing\n" + p1002.Output);
        var samples = WavReader.Read(recording!).Samples;
        Assert.True(samples.Length >= 8000, $"recording too short: {samples.Length} samples");
        var window = Recording.Loudest(samples);
        double a1000 = Goertzel.Amplitude(window, 1000), a600 = Goertzel.Amplitude(window, 600), a1400 = Goertzel.Amplitude(window, 1400);
        Assert.True(a1000 > 10 * Math.Max(a600, a1400) && a1000 > 1000, $"1 kHz {a1000:F0}, 600 Hz {a600:F0}, 1400 Hz {a1400:F0}");
    }

    private static List<JsonElement> Legs(JsonElement calls) =>
        calls.EnumerateArray().SelectMany(c => c.GetProperty("legs").EnumerateArray()).ToList();

}
