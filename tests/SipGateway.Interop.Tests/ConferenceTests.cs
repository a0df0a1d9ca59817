using SipGateway.Interop.Tests.Infrastructure;
using SipGateway.Media.Audio;

namespace SipGateway.Interop.Tests;

/// <summary>
/// A 3-party meet-me conference through the mixer with real baresip phones: 1000 speaks a 1 kHz tone, 1001 a 600 Hz
/// tone, 1002 listens. 1002 must hear both; 1000 must hear 1001 but not itself (mix-minus).
/// </summary>
public class ConferenceTests
{
    [Fact]
    public async Task Three_phones_in_a_meet_me_conference_hear_each_other_but_not_themselves()
    {
        await using var gw = await GatewayProcess.StartAsync();
        var dir = Directory.CreateTempSubdirectory("tones-").FullName;
        string tone1000 = Path.Combine(dir, "t1000.wav"), tone600 = Path.Combine(dir, "t600.wav");
        ToneFile.Write(tone1000, 1000, TimeSpan.FromSeconds(30));
        ToneFile.Write(tone600, 600, TimeSpan.FromSeconds(30));
        await using var p1000 = Baresip.Start($"<sip:1000@127.0.0.1:{gw.SipPort}>;auth_user=1000;auth_pass=demo1000;regint=120;audio_codecs=pcmu", microphone: tone1000, record: true);
        await using var p1001 = Baresip.Start($"<sip:1001@127.0.0.1:{gw.SipPort}>;auth_user=1001;auth_pass=demo1001;regint=120;audio_codecs=pcma", microphone: tone600);
        await using var p1002 = Baresip.Start($"<sip:1002@127.0.0.1:{gw.SipPort}>;auth_user=1002;auth_pass=demo1002;regint=120;audio_codecs=pcmu", record: true);
        Assert.True(await Poll.UntilAsync(async () => (await gw.GetJsonAsync("/api/registrations")).ToString() is var r
            && r.Contains("SEP0011AABBCC01") && r.Contains("SEP0011AABBCC02") && r.Contains("SEP0011AABBCC03"), TimeSpan.FromSeconds(20)), gw.Output);

        foreach (var phone in new[] { p1000, p1001, p1002 }) await phone.CommandAsync("dial", $"sip:8000@127.0.0.1:{gw.SipPort}");
        Assert.True(await Poll.UntilAsync(async () =>
        {
            var calls = (await gw.GetJsonAsync("/api/calls")).EnumerateArray().ToList();
            return calls.Count == 3 && calls.All(c => c.GetProperty("routeMember").GetString() == "Conference 8000"
                && c.GetProperty("legs")[0].GetProperty("packetsReceived").GetInt64() > 50);
        }, TimeSpan.FromSeconds(20)), "three parties not in conference 8000\n" + gw.Output);
        await Task.Delay(3000);
        foreach (var phone in new[] { p1000, p1001, p1002 }) await phone.CommandAsync("hangup");
        Assert.True(await Poll.UntilAsync(async () => (await gw.GetJsonAsync("/api/calls")).GetArrayLength() == 0, TimeSpan.FromSeconds(10)), gw.Output);
        Assert.True(await Poll.UntilAsync(async () => (await gw.GetJsonAsync("/api/cdrs")).GetArrayLength() == 3, TimeSpan.FromSeconds(10)), "CDRs");

        var heardBy1002 = await RecordingOf(p1002);
        double a1000 = Goertzel.Amplitude(heardBy1002, 1000), a600 = Goertzel.Amplitude(heardBy1002, 600), a1400 = Goertzel.Amplitude(heardBy1002, 1400);
        Assert.True(a1000 > 10 * a1400 && a600 > 10 * a1400 && a1000 > 1000 && a600 > 1000, $"1002 heard 1 kHz {a1000:F0}, 600 Hz {a600:F0}, 1400 Hz {a1400:F0}");
        var heardBy1000 = await RecordingOf(p1000);
        double own = Goertzel.Amplitude(heardBy1000, 1000), other = Goertzel.Amplitude(heardBy1000, 600);
        Assert.True(other > 1000 && other > 10 * own, $"1000 heard 600 Hz {other:F0} and its own 1 kHz {own:F0}");
    }

    private static async Task<short[]> RecordingOf(Baresip phone)
    {
        await phone.CommandAsync("quit");
        await phone.WaitForExitAsync(TimeSpan.FromSeconds(10));
        var file = Directory.GetFiles(phone.RecordingDir, "dump-*-dec.wav").FirstOrDefault();
        Assert.True(file is not null, "nothing recorded\n" + phone.Output);
        var s = WavReader.Read(file!).Samples;
        Assert.True(s.Length >= 16000, $"recording too short: {s.Length} samples");
        // The loudest second: every party is connected by then.
        return Recording.Loudest(s);
    }
}
