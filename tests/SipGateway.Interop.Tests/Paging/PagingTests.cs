using System.Diagnostics;
using System.Net;
using System.Text.Json;
using SipGateway.Interop.Tests.Infrastructure;
using SipGateway.Media.Audio;
using SipGateway.Media.Rtp;
using Xunit.Abstractions;

namespace SipGateway.Interop.Tests.Paging;

/// <summary>
/// DialCast paging through the running gateway, every run inside a private network namespace (lo only, multicast
/// routed to lo) so no multicast leaves the machine. SIPp places the page from a trunk address; the test is the
/// caller's media (it records the stall and go-ahead tones and speaks a tone), a receiver joined to the group, and a
/// Cisco phone's web server.
/// </summary>
public class PagingTests(ITestOutputHelper output)
{
    private static readonly IPEndPoint Lobby = new(IPAddress.Parse(PagingConfig.LobbyGroup), PagingConfig.GroupPort);
    private static readonly IPEndPoint SiteB = new(IPAddress.Parse(PagingConfig.SiteBGroup), PagingConfig.GroupPort);

    [Fact]
    public async Task Page_hears_stall_then_go_ahead_and_the_group_gets_the_callers_voice_as_one_20ms_stream()
    {
        using var ns = NetworkNamespace.Create();
        using var cisco = new FakeCiscoPhone(ns, "pager", "secret");
        await using var gw = await NamespacedGateway.StartAsync(ns, PagingConfig.Create(cisco.Url).ToJsonString());
        using var group = RtpCapture.Multicast(ns, Lobby);
        using var caller = RtpCapture.Unicast(ns);

        var page = await PageAsync(gw, caller, "7000", 5070, toneHz: 1000, talkMs: 5000, async () =>
        {
            // While live: /api/pages lists the page, its group and the Cisco phone joined.
            var live = await Poll.UntilAsync(async () => (await gw.GetJsonAsync("/api/pages")).EnumerateArray().Any(p => p.GetProperty("state").GetString() == "Live"),
                TimeSpan.FromSeconds(6), 100);
            var pages = await gw.GetJsonAsync("/api/pages");
            output.WriteLine(pages.ToString());
            Assert.True(live, "page never went live: " + pages);
            var p = pages[0];
            Assert.Equal("7000", p.GetProperty("number").GetString());
            Assert.Equal($"{PagingConfig.LobbyGroup}:{PagingConfig.GroupPort}", p.GetProperty("groups")[0].GetProperty("multicast").GetString());
            var ciscoView = p.GetProperty("recipients").EnumerateArray().Single(r => r.GetProperty("device").GetString() == "SEPCISCO0001");
            Assert.Equal("Joined", ciscoView.GetProperty("state").GetString());
            Assert.Equal("CiscoExecute", ciscoView.GetProperty("mode").GetString());
        });
        Assert.True(page.ExitCode == 0, page.Output + gw.Output);

        // The caller heard the low stall tone first, then the high go-ahead tone.
        var heard = caller.Packets;
        int stallAt = FirstPacketWith(heard, 440), goAheadAt = FirstPacketWith(heard, 1400);
        output.WriteLine($"caller heard {heard.Count} packets; 440 Hz from packet {stallAt}, 1400 Hz from packet {goAheadAt}");
        Assert.True(stallAt >= 0, "no 440 Hz stall tone heard by the caller");
        Assert.True(goAheadAt > stallAt, "the 1400 Hz go-ahead tone did not follow the stall tone");
        Assert.True((goAheadAt - stallAt) * 20 >= 900, $"stall lasted only {(goAheadAt - stallAt) * 20} ms (minimum 1000)");

        // The group got one continuous mu-law stream, every packet 20 ms (160 samples), starting after the go-ahead.
        var packets = group.Packets;
        output.WriteLine($"group received {packets.Count} packets");
        Assert.True(packets.Count >= 100, $"only {packets.Count} multicast packets");
        Assert.True(packets[0].Ticks > heard[goAheadAt].Ticks, "the group got audio before the go-ahead tone");
        AssertContinuousStream(packets);
        var voice = group.Audio(skipPackets: 10);
        double at1000 = Goertzel.Amplitude(voice, 1000), at440 = Goertzel.Amplitude(voice, 440), at1400 = Goertzel.Amplitude(voice, 1400);
        output.WriteLine($"group audio: 1000 Hz {at1000:F0}, 440 Hz {at440:F0}, 1400 Hz {at1400:F0}");
        Assert.True(at1000 > 1000 && at1000 > 10 * at440 && at1000 > 10 * at1400, $"caller's 1000 Hz not found in the page: {at1000:F0}/{at440:F0}/{at1400:F0}");

        // The Cisco phone was told to join the group, then to stop when the caller hung up.
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(cisco.Requests.Count >= 2), TimeSpan.FromSeconds(5), 100), "no RTPRx:Stop sent");
        var requests = cisco.Requests;
        Assert.All(requests, r => Assert.Equal("/CGI/Execute", r.Path));
        Assert.All(requests, r => Assert.Equal("Basic cGFnZXI6c2VjcmV0", r.Authorization));
        Assert.Contains($"URL=\"RTPMRx:{PagingConfig.LobbyGroup}:{PagingConfig.GroupPort}:50\"", requests[0].Xml);
        Assert.StartsWith("<CiscoIPPhoneExecute>", requests[0].Xml);
        Assert.Contains("URL=\"RTPRx:Stop\"", requests[1].Xml);

        // The page ended: nothing active, and its CDR names the DialCast number.
        Assert.Equal(0, (await gw.GetJsonAsync("/api/pages")).GetArrayLength());
        Assert.True(await Poll.UntilAsync(async () => (await gw.GetJsonAsync("/api/cdrs")).EnumerateArray()
            .Any(c => c.GetProperty("calledOriginal").GetString() == "7000" && c.GetProperty("routeMember").GetString() == "DialCast 7000"), TimeSpan.FromSeconds(5)),
            "no CDR for the page: " + await gw.Http.GetStringAsync("/api/cdrs"));
    }

    [Fact]
    public async Task Linksys_style_phone_gets_start_then_stop_control_packets_naming_the_group()
    {
        using var ns = NetworkNamespace.Create();
        using var cisco = new FakeCiscoPhone(ns, "pager", "secret");
        using var control = RtpCapture.Unicast(ns); // the SPA phone's control port: records raw datagrams
        var config = PagingConfig.Create(cisco.Url, linksysControl: new IPEndPoint(IPAddress.Loopback, control.Port));
        await using var gw = await NamespacedGateway.StartAsync(ns, config.ToJsonString());
        using var group = RtpCapture.Multicast(ns, Lobby);
        using var caller = RtpCapture.Unicast(ns);

        bool startedBeforeAudio = false;
        var page = await PageAsync(gw, caller, "7000", 5070, toneHz: 1000, talkMs: 2500, async () =>
        {
            await Poll.UntilAsync(() => Task.FromResult(group.Count > 0), TimeSpan.FromSeconds(5), 50);
            startedBeforeAudio = control.Packets.Count == 2 && control.Packets[1].Ticks < group.Packets[0].Ticks;
        });
        Assert.True(page.ExitCode == 0, page.Output + gw.Output);
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(control.Count >= 4), TimeSpan.FromSeconds(5), 100), $"{control.Count} control packets");
        Assert.True(startedBeforeAudio, "the start packets did not precede the page audio");
        var packets = control.Packets.Select(p => p.Datagram).ToList();
        Assert.Equal(4, packets.Count);
        Assert.All(packets, p => Assert.Equal(16, p.Length));
        uint Field(byte[] p, int i) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(p.AsSpan(4 * i));
        Assert.Equal([6u, 6u, 7u, 7u], packets.Select(p => Field(p, 1)));
        Assert.All(packets, p => Assert.Equal(Field(packets[0], 0), Field(p, 0)));
        Assert.All(packets, p => Assert.Equal(IPAddress.Parse(PagingConfig.LobbyGroup).GetAddressBytes(), p[8..12]));
        Assert.All(packets, p => Assert.Equal((uint)PagingConfig.GroupPort, Field(p, 3)));
    }

    [Fact]
    public async Task Caller_hanging_up_during_the_stall_tone_sends_nothing_to_the_group()
    {
        using var ns = NetworkNamespace.Create();
        using var cisco = new FakeCiscoPhone(ns, "pager", "secret");
        await using var gw = await NamespacedGateway.StartAsync(ns, PagingConfig.Create(cisco.Url).ToJsonString());
        using var group = RtpCapture.Multicast(ns, Lobby);
        using var caller = RtpCapture.Unicast(ns);

        var page = await PageAsync(gw, caller, "7000", 5070, toneHz: 1000, talkMs: 300, () => Task.CompletedTask);
        Assert.True(page.ExitCode == 0, page.Output + gw.Output);
        await Task.Delay(2500); // longer than stall + go-ahead would have taken
        Assert.Equal(0, group.Count);
        Assert.True(FirstPacketWith(caller.Packets, 1400) < 0, "the go-ahead tone played though the caller had hung up");
        // The phone that was told to join is told to leave.
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(cisco.Requests.Any(r => r.Xml.Contains("RTPRx:Stop"))), TimeSpan.FromSeconds(5), 100),
            "Cisco phone not told to stop: " + string.Join(" | ", cisco.Requests.Select(r => r.Xml)));
    }

    [Fact]
    public async Task Two_simultaneous_pages_to_two_sites_use_different_groups_and_each_receiver_hears_only_its_own()
    {
        using var ns = NetworkNamespace.Create();
        using var cisco = new FakeCiscoPhone(ns, "pager", "secret");
        await using var gw = await NamespacedGateway.StartAsync(ns, PagingConfig.Create(cisco.Url).ToJsonString());
        using var lobby = RtpCapture.Multicast(ns, Lobby);
        using var siteB = RtpCapture.Multicast(ns, SiteB);
        using var callerA = RtpCapture.Unicast(ns);
        using var callerB = RtpCapture.Unicast(ns);

        JsonElement? both = null;
        var a = PageAsync(gw, callerA, "7000", 5070, toneHz: 1000, talkMs: 5000, () => Task.CompletedTask);
        var b = PageAsync(gw, callerB, "7100", 5072, toneHz: 600, talkMs: 5000, async () =>
        {
            await Poll.UntilAsync(async () =>
            {
                var pages = await gw.GetJsonAsync("/api/pages");
                if (pages.EnumerateArray().Count(p => p.GetProperty("state").GetString() == "Live") < 2) return false;
                both = pages;
                return true;
            }, TimeSpan.FromSeconds(6), 100);
        });
        var results = await Task.WhenAll(a, b);
        Assert.True(results[0].ExitCode == 0, results[0].Output + gw.Output);
        Assert.True(results[1].ExitCode == 0, results[1].Output + gw.Output);
        Assert.True(both is not null, "the two pages were never live at the same time");
        var groups = both!.Value.EnumerateArray().Select(p => p.GetProperty("groups")[0].GetProperty("multicast").GetString()).ToHashSet();
        Assert.Equal(2, groups.Count);

        Assert.True(lobby.Count >= 100 && siteB.Count >= 100, $"lobby {lobby.Count}, site B {siteB.Count} packets");
        AssertContinuousStream(lobby.Packets);
        AssertContinuousStream(siteB.Packets);
        var lobbyAudio = lobby.Audio(10);
        var siteBAudio = siteB.Audio(10);
        double l1000 = Goertzel.Amplitude(lobbyAudio, 1000), l600 = Goertzel.Amplitude(lobbyAudio, 600);
        double b1000 = Goertzel.Amplitude(siteBAudio, 1000), b600 = Goertzel.Amplitude(siteBAudio, 600);
        output.WriteLine($"lobby 1000 Hz {l1000:F0} 600 Hz {l600:F0}; site B 1000 Hz {b1000:F0} 600 Hz {b600:F0}");
        Assert.True(l1000 > 1000 && l1000 > 10 * l600, "lobby did not hear only its own page");
        Assert.True(b600 > 1000 && b600 > 10 * b1000, "site B did not hear only its own page");
    }

    [Fact]
    public async Task Delayed_offer_page_from_a_trunk_is_offered_mu_law_in_the_200_and_goes_live()
    {
        using var ns = NetworkNamespace.Create();
        using var cisco = new FakeCiscoPhone(ns, "pager", "secret");
        await using var gw = await NamespacedGateway.StartAsync(ns, PagingConfig.Create(cisco.Url).ToJsonString());
        using var group = RtpCapture.Multicast(ns, Lobby);
        using var caller = RtpCapture.Unicast(ns);
        var page = await PageAsync(gw, caller, "7000", 5070, toneHz: 1000, talkMs: 3500, () => Task.CompletedTask, "uac_page_late_offer.xml");
        Assert.True(page.ExitCode == 0, page.Output + gw.Output);
        var heard = caller.Packets;
        int stallAt = FirstPacketWith(heard, 440), goAheadAt = FirstPacketWith(heard, 1400);
        Assert.True(stallAt >= 0 && goAheadAt > stallAt, $"stall at {stallAt}, go-ahead at {goAheadAt}");
        Assert.True(group.Count >= 40, $"only {group.Count} multicast packets");
        AssertContinuousStream(group.Packets);
        Assert.True(Goertzel.Amplitude(group.Audio(10), 1000) > 1000, "caller's tone not in the page");
    }

    [Fact]
    public async Task A_law_only_caller_gets_488_with_the_reason()
    {
        using var ns = NetworkNamespace.Create();
        using var cisco = new FakeCiscoPhone(ns, "pager", "secret");
        await using var gw = await NamespacedGateway.StartAsync(ns, PagingConfig.Create(cisco.Url).ToJsonString());
        using var group = RtpCapture.Multicast(ns, Lobby);
        var r = await gw.SippAsync("uac_page_rejected.xml", "127.0.0.2", 5070, "7000", 15,
            "-key", "codec_pt", "8", "-key", "codec_name", "PCMA");
        Assert.True(r.ExitCode == 0, r.Output + gw.Output);
        Assert.Empty(cisco.Requests);
        Assert.Equal(0, group.Count);
        Assert.True(await Poll.UntilAsync(async () => (await gw.GetJsonAsync("/api/cdrs")).EnumerateArray()
            .Any(c => c.GetProperty("causeCode").GetInt32() == 488 && c.GetProperty("causeText").GetString()!.Contains("mu-law")), TimeSpan.FromSeconds(5)),
            "no 488 CDR: " + await gw.Http.GetStringAsync("/api/cdrs"));
    }

    [Fact]
    public async Task A_recipient_group_of_51_phones_stops_start_up_naming_the_group()
    {
        var config = PagingConfig.Create(new Uri("http://127.0.0.1:1"));
        var devices = config["Devices"]!.AsObject();
        var big = new System.Text.Json.Nodes.JsonArray();
        for (int i = 0; i < 51; i++)
        {
            devices[$"SEPPAGE{i:D5}"] = new System.Text.Json.Nodes.JsonObject { ["Type"] = "SipPhone", ["AuthUser"] = $"page{i}", ["Password"] = "pw" };
            big.Add($"SEPPAGE{i:D5}");
        }
        config["Paging"]!["RecipientGroups"]!["Warehouse"] = new System.Text.Json.Nodes.JsonObject { ["Multicast"] = "239.10.9.1:20490", ["Devices"] = big };
        var path = Path.Combine(Directory.CreateTempSubdirectory("sipgw-page-cfg-").FullName, "gateway.json");
        await File.WriteAllTextAsync(path, config.ToJsonString());
        var psi = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "SipGateway.dll"), "--config", path])
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        using var p = Process.Start(psi)!;
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(30_000)) { p.Kill(true); Assert.Fail("gateway kept running with a 51-phone group"); }
        var message = (await stderr).Trim();
        output.WriteLine(message);
        Assert.Equal(2, p.ExitCode);
        Assert.Equal($"config error in {path}: Paging:RecipientGroups:Warehouse:Devices = '51 phones': recipient group Warehouse has 51 phones; a recipient group holds at most 50", message);
        _ = await stdout;
    }

    /// <summary>Places one page with SIPp from the trunk address 127.0.0.2: <paramref name="caller"/> is its media; once
    /// the gateway's media port is known the caller speaks a tone; <paramref name="whileTalking"/> runs meanwhile.</summary>
    private static async Task<ExternalTool.Result> PageAsync(NamespacedGateway gw, RtpCapture caller, string number, int sipPort, double toneHz, int talkMs,
        Func<Task> whileTalking, string scenario = "uac_page.xml")
    {
        var portFile = Path.Combine(Directory.CreateTempSubdirectory("page-").FullName, "port");
        var sipp = gw.SippAsync(scenario, "127.0.0.2", sipPort, number, 30,
            "-key", "rtp_port", caller.Port.ToString(), "-key", "codec_pt", "0", "-key", "codec_name", "PCMU",
            "-key", "port_file", portFile, "-d", talkMs.ToString());
        int gatewayPort = 0;
        await Poll.UntilAsync(() => Task.FromResult(File.Exists(portFile) && int.TryParse(File.ReadAllText(portFile).Trim(), out gatewayPort)),
            TimeSpan.FromSeconds(10), 20);
        using var talking = new CancellationTokenSource();
        var voice = gatewayPort > 0 ? caller.SendToneAsync(new IPEndPoint(IPAddress.Loopback, gatewayPort), toneHz, talking.Token) : Task.CompletedTask;
        try
        {
            if (gatewayPort > 0) await whileTalking();
            return await sipp;
        }
        finally
        {
            talking.Cancel();
            await voice;
        }
    }

    /// <summary>Index of the first packet whose audio is dominated by <paramref name="hz"/>, or -1.</summary>
    private static int FirstPacketWith(IReadOnlyList<(long Ticks, byte[] Datagram)> packets, double hz)
    {
        for (int i = 0; i < packets.Count; i++)
        {
            if (!RtpPacket.TryParse(packets[i].Datagram, out var h) || h.PayloadType != 0) continue;
            var pcm = new short[h.PayloadLength];
            SipGateway.Media.Codecs.MuLaw.Decode(packets[i].Datagram.AsSpan(h.PayloadOffset, h.PayloadLength), pcm);
            double target = Goertzel.Amplitude(pcm, hz);
            if (target > 1000 && new[] { 440.0, 1000, 1400 }.Where(f => f != hz).All(f => target > 4 * Goertzel.Amplitude(pcm, f))) return i;
        }
        return -1;
    }

    /// <summary>RFC 3550 §5.1 continuity: one SSRC, sequence +1 and timestamp +160 per packet, mu-law, 20 ms apart.</summary>
    private void AssertContinuousStream(IReadOnlyList<(long Ticks, byte[] Datagram)> packets)
    {
        RtpPacket.TryParse(packets[0].Datagram, out var first);
        var previous = first;
        var gaps = new List<double>();
        for (int i = 1; i < packets.Count; i++)
        {
            Assert.True(RtpPacket.TryParse(packets[i].Datagram, out var h), $"packet {i} is not RTP");
            Assert.Equal(0, h.PayloadType);
            Assert.Equal(160, h.PayloadLength);
            Assert.Equal(first.Ssrc, h.Ssrc);
            Assert.Equal((ushort)(previous.SequenceNumber + 1), h.SequenceNumber);
            Assert.Equal(previous.Timestamp + 160, h.Timestamp);
            gaps.Add((packets[i].Ticks - packets[i - 1].Ticks) * 1000.0 / Stopwatch.Frequency);
            previous = h;
        }
        gaps.Sort();
        double mean = (packets[^1].Ticks - packets[0].Ticks) * 1000.0 / Stopwatch.Frequency / (packets.Count - 1);
        double median = gaps[gaps.Count / 2];
        output.WriteLine($"{packets.Count} packets, mean spacing {mean:F2} ms, median {median:F2} ms, max {gaps[^1]:F2} ms");
        Assert.InRange(mean, 19.5, 20.5);
        Assert.InRange(median, 18, 22);
    }
}
