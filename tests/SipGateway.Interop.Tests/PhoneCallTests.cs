using System.Text.Json;
using SipGateway.Interop.Tests.Infrastructure;
using SipGateway.Media.Audio;
using SipGateway.Media.Tones;

namespace SipGateway.Interop.Tests;

/// <summary>Two real baresip phones registered as 1000 and 1001 call each other through the gateway, media anchored.</summary>
public class PhoneCallTests
{
    /// <param name="calleeCodec">With pcma the callee only speaks A-law and the caller only mu-law: the relay transcodes.</param>
    [Theory]
    [InlineData("pcmu")]
    [InlineData("pcma")]
    public async Task Phone_1000_calls_1001_and_its_tone_is_heard_through_the_anchored_media(string calleeCodec)
    {
        await using var gw = await GatewayProcess.StartAsync();
        var tone = Path.Combine(Directory.CreateTempSubdirectory("tone-").FullName, "tone.wav");
        ToneFile.Write(tone, 1000, TimeSpan.FromSeconds(20));

        await using var callee = Baresip.Start(
            $"<sip:1001@127.0.0.1:{gw.SipPort}>;auth_user=1001;auth_pass=demo1001;regint=120;answermode=auto;audio_codecs={calleeCodec}", record: true);
        await using var caller = Baresip.Start(
            $"<sip:1000@127.0.0.1:{gw.SipPort}>;auth_user=1000;auth_pass=demo1000;regint=120;audio_codecs=pcmu", microphone: tone);
        Assert.True(await Poll.UntilAsync(async () => (await gw.GetJsonAsync("/api/registrations")).ToString() is var r
            && r.Contains("SEP0011AABBCC01") && r.Contains("SEP0011AABBCC02"), TimeSpan.FromSeconds(20)),
            "phones did not register\n" + caller.Output + callee.Output);

        await caller.CommandAsync("dial", $"sip:1001@127.0.0.1:{gw.SipPort}");
        JsonElement? answered = null;
        Assert.True(await Poll.UntilAsync(async () =>
        {
            var calls = await gw.GetJsonAsync("/api/calls");
            foreach (var c in calls.EnumerateArray())
                if (c.GetProperty("state").GetString() == "Answered" && c.GetProperty("legs").EnumerateArray().All(l => l.GetProperty("packetsReceived").GetInt64() > 50))
                {
                    answered = c;
                    return true;
                }
            return false;
        }, TimeSpan.FromSeconds(20)), "no answered call with media flowing\n" + gw.Output + caller.Output + callee.Output);
        Assert.Equal("1001", answered!.Value.GetProperty("calledNumber").GetString());
        Assert.Equal(2, answered.Value.GetProperty("legs").GetArrayLength());
        var codecs = answered.Value.GetProperty("legs").EnumerateArray().Select(l => l.GetProperty("codec").GetString()).ToList();
        Assert.Equal(["PCMU", calleeCodec.ToUpperInvariant()], codecs);

        await Task.Delay(1500);
        await caller.CommandAsync("hangup");
        Assert.True(await Poll.UntilAsync(async () => (await gw.GetJsonAsync("/api/calls")).GetArrayLength() == 0, TimeSpan.FromSeconds(10)));

        var cdr = await gw.FirstCdrAsync();
        Assert.Single((await gw.GetJsonAsync("/api/cdrs")).EnumerateArray());
        Assert.Equal(200, cdr.GetProperty("causeCode").GetInt32());
        Assert.Equal("1001", cdr.GetProperty("calledFinal").GetString());
        Assert.Equal("SEP0011AABBCC01", cdr.GetProperty("callingOriginal").GetString());

        // What 1001 heard: the caller's 1 kHz tone, relayed by the gateway.
        await callee.CommandAsync("quit");
        await callee.WaitForExitAsync(TimeSpan.FromSeconds(10));
        var recording = Directory.GetFiles(callee.RecordingDir, "dump-*-dec.wav").FirstOrDefault();
        Assert.True(recording is not null, "1001 recorded nothing\n" + callee.Output);
        var samples = WavReader.Read(recording!).Samples;
        Assert.True(samples.Length >= 8000, $"recording too short: {samples.Length} samples");
        var window = Recording.Loudest(samples);
        double a1000 = Goertzel.Amplitude(window, 1000), a600 = Goertzel.Amplitude(window, 600), a1400 = Goertzel.Amplitude(window, 1400);
        Assert.True(a1000 > 10 * Math.Max(a600, a1400) && a1000 > 1000, $"1 kHz {a1000:F0}, 600 Hz {a600:F0}, 1400 Hz {a1400:F0}");
    }
}
