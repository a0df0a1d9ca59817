using System.Net;
using System.Text.Json.Nodes;
using SipGateway.Interop.Tests.Infrastructure;
using SipGateway.Media.Audio;
using Xunit.Abstractions;

namespace SipGateway.Interop.Tests.Paging;

/// <summary>
/// SipUnicast recipients: three real baresip softphones in a group without a multicast address (so nothing is sent
/// by multicast and the test needs no private namespace) are called with an auto-answer INVITE, receive the page as
/// unicast RTP, and are hung up when the caller ends the page.
/// </summary>
public class SipUnicastPagingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Three_baresip_phones_auto_answer_hear_the_page_and_are_hung_up_when_it_ends()
    {
        var config = GatewayConfig.Demo();
        config["Trunks"]!["GW_SJC_1"]!["OptionsPing"] = false;
        config["Trunks"]!["GW_CENTRAL"]!["OptionsPing"] = false;
        string[] phones = ["SEP0011AABBCC02", "SEP0011AABBCC03", "SEP0011AABBCC04"];
        foreach (var p in phones)
        {
            config["Devices"]![p]!["Paging"] = "SipUnicast";
            // baresip 1.0 decodes nothing on a stream it answered recvonly: these softphones are offered sendrecv.
            config["Devices"]![p]!["PagingSdpDirection"] = "sendrecv";
        }
        config["Paging"] = new JsonObject
        {
            ["MinimumStallMilliseconds"] = 500,
            ["DialCast"] = new JsonArray(new JsonObject { ["Number"] = "7200", ["Partition"] = "PT_Internal", ["RecipientGroups"] = new JsonArray("Floor") }),
            ["RecipientGroups"] = new JsonObject { ["Floor"] = new JsonObject { ["Devices"] = new JsonArray(phones.Select(p => (JsonNode)p).ToArray()) } },
        };
        await using var gw = await GatewayProcess.StartAsync(config.ToJsonString());
        var baresips = new List<Baresip>();
        try
        {
            foreach (var dn in new[] { "1001", "1002", "1003" })
                baresips.Add(Baresip.Start($"<sip:{dn}@127.0.0.1:{gw.SipPort}>;auth_user={dn};auth_pass=demo{dn};regint=120;answermode=auto;audio_codecs=pcmu",
                    record: true));
            Assert.True(await Poll.UntilAsync(async () => (await gw.GetJsonAsync("/api/registrations")).ToString() is var r && phones.All(r.Contains),
                TimeSpan.FromSeconds(20)), "phones did not register\n" + string.Join("\n", baresips.Select(b => b.Output)));

            using var caller = RtpCapture.Unicast(null);
            var portFile = Path.Combine(Directory.CreateTempSubdirectory("page-").FullName, "port");
            var sipp = Sipp.RunAsync(gw, "uac_page.xml", localAddress: "127.0.0.2", service: "7200", timeoutSeconds: 30,
                extra: ["-key", "rtp_port", caller.Port.ToString(), "-key", "codec_pt", "0", "-key", "codec_name", "PCMU",
                    "-key", "port_file", portFile, "-d", "5000"]);
            int gatewayPort = 0;
            Assert.True(await Poll.UntilAsync(() => Task.FromResult(File.Exists(portFile) && int.TryParse(File.ReadAllText(portFile).Trim(), out gatewayPort)),
                TimeSpan.FromSeconds(10), 20), "the page was not answered\n" + gw.Output);
            using var talking = new CancellationTokenSource();
            var voice = caller.SendToneAsync(new IPEndPoint(IPAddress.Loopback, gatewayPort), 1000, talking.Token);

            // Live: every phone answered the auto-answer INVITE.
            string pages = "";
            Assert.True(await Poll.UntilAsync(async () =>
            {
                var p = await gw.GetJsonAsync("/api/pages");
                pages = p.ToString();
                return p.GetArrayLength() == 1 && p[0].GetProperty("state").GetString() == "Live"
                    && p[0].GetProperty("recipients").EnumerateArray().Count(r => r.GetProperty("state").GetString() == "Joined") == 3;
            }, TimeSpan.FromSeconds(8), 100), "not all three phones joined: " + pages + "\n" + gw.Output);
            output.WriteLine(pages);
            foreach (var b in baresips)
            {
                var calls = await b.CommandAsync("listcalls");
                Assert.True(calls.Contains("paging@"), "phone not in the page call: " + calls);
            }

            // One phone hangs up on the page: it is listed as having left, the others stay joined.
            await Task.Delay(1500); // it hears some of the page first
            await baresips[2].CommandAsync("hangup");
            Assert.True(await Poll.UntilAsync(async () => (await gw.GetJsonAsync("/api/pages"))[0].GetProperty("recipients").EnumerateArray()
                .Any(r => r.GetProperty("device").GetString() == "SEP0011AABBCC04" && r.GetProperty("state").GetString() == "Left"),
                TimeSpan.FromSeconds(3), 100), "the phone that hung up is not shown as left: " + await gw.Http.GetStringAsync("/api/pages"));
            Assert.Equal(2, (await gw.GetJsonAsync("/api/pages"))[0].GetProperty("recipients").EnumerateArray().Count(r => r.GetProperty("state").GetString() == "Joined"));
            var result = await sipp;
            talking.Cancel();
            await voice;
            Assert.True(result.ExitCode == 0, result.Output + gw.Output);

            // The page ended: each phone's call is hung up by the gateway (baresip reports the call closed).
            foreach (var b in baresips)
                Assert.True(await Poll.UntilAsync(async () => !(await b.CommandAsync("listcalls")).Contains("paging@"), TimeSpan.FromSeconds(5), 200),
                    "phone still in the page call\n" + b.Output);
            foreach (var b in baresips)
            {
                await b.CommandAsync("quit");
                await b.WaitForExitAsync(TimeSpan.FromSeconds(10));
                output.WriteLine(b.Output);
                var recording = Directory.GetFiles(b.RecordingDir, "dump-*-dec.wav").FirstOrDefault();
                Assert.True(recording is not null, "a phone recorded nothing\n" + b.Output);
                var window = Recording.Loudest(WavReader.Read(recording!).Samples);
                double a1000 = Goertzel.Amplitude(window, 1000), a440 = Goertzel.Amplitude(window, 440), a1400 = Goertzel.Amplitude(window, 1400);
                output.WriteLine($"phone heard 1000 Hz {a1000:F0}, 440 Hz {a440:F0}, 1400 Hz {a1400:F0}");
                Assert.True(a1000 > 1000 && a1000 > 10 * Math.Max(a440, a1400), $"page not heard: 1 kHz {a1000:F0}, 440 Hz {a440:F0}, 1400 Hz {a1400:F0}");
            }
        }
        finally
        {
            foreach (var b in baresips) await b.DisposeAsync();
        }
    }
}
