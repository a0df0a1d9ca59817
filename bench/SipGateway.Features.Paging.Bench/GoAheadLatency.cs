using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using SipGateway.Media.Audio;
using SipGateway.Media.Codecs;
using SipGateway.Media.Rtp;

namespace SipGateway.Features.Paging.Bench;

/// <summary>
/// Time from the caller's INVITE to the first go-ahead tone packet, through the gateway process, with a recipient group
/// of 50 Cisco phones each told to join by HTTP (fake phones: HttpListeners answering CiscoIPPhoneResponse). The stall
/// lasts exactly as long as the joins (Paging:MinimumStallMilliseconds = 0), so the figure is the gateway's own cost.
/// </summary>
internal static class GoAheadLatency
{
    private const int SipPort = 5060, HttpPort = 18080;

    public static async Task RunAsync(int pages, int phones)
    {
        var work = Directory.CreateTempSubdirectory("paging-bench-").FullName;
        var listeners = new List<HttpListener>();
        long executes = 0;
        Process? gateway = null;
        try
        {
            for (int i = 0; i < phones; i++)
            {
                var l = new HttpListener();
                l.Prefixes.Add($"http://127.0.0.1:{30000 + i}/");
                l.Start();
                listeners.Add(l);
                _ = ServeAsync(l, () => Interlocked.Increment(ref executes));
            }
            var configPath = Path.Combine(work, "gateway.json");
            await File.WriteAllTextAsync(configPath, Config(phones).ToJsonString());
            var psi = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "SipGateway.dll"), "--config", configPath,
                "--Logs:Directory", Path.Combine(work, "logs"), "--Logs:Level", "Warning", "--Data:Directory", Path.Combine(work, "data")])
            {
                UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = work,
            };
            gateway = Process.Start(psi)!;
            gateway.OutputDataReceived += (_, _) => { };
            gateway.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("gateway: " + e.Data); };
            gateway.BeginOutputReadLine();
            gateway.BeginErrorReadLine();
            using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) })
            {
                var deadline = DateTime.UtcNow.AddSeconds(30);
                while (true)
                {
                    try { await http.GetStringAsync($"http://127.0.0.1:{HttpPort}/health"); break; }
                    catch (Exception) when (DateTime.UtcNow < deadline && !gateway.HasExited) { await Task.Delay(200); }
                }
            }

            using var sip = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            sip.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 5070));
            using var media = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            media.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 6000));
            // Warm-up pages (not measured): JIT, the HTTP connections to the 50 phones, SQLite's first CDR.
            const int WarmUp = 5;
            for (int i = 0; i < WarmUp; i++) PageOnce(sip, media, -1 - i);
            await Task.Delay(500); // the warm-up pages' leave requests
            long executesBefore = Interlocked.Read(ref executes);
            var times = new List<double>();
            int failed = 0;
            for (int i = 0; i < pages; i++)
            {
                var ms = PageOnce(sip, media, i);
                if (ms is double t) times.Add(t); else failed++;
            }
            await Task.Delay(500); // the last page's leave requests
            times.Sort();
            Console.WriteLine($"INVITE -> go-ahead, {phones} Cisco phones told to join over HTTP, {pages} pages one after another (after {WarmUp} warm-up pages):");
            if (times.Count == 0)
            {
                Console.WriteLine("  no page reached the go-ahead tone");
                return;
            }
            double P(double q) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(q * times.Count) - 1)];
            Console.WriteLine($"  p50 {P(0.50):F1} ms   p99 {P(0.99):F1} ms   max {times[^1]:F1} ms   (target p99 < 300 ms: {(P(0.99) < 300 ? "ok" : "FAIL")})");
            Console.WriteLine($"  pages measured {times.Count}, failed {failed}; /CGI/Execute requests answered {Interlocked.Read(ref executes) - executesBefore} (expected {times.Count * phones * 2} join + leave)");
        }
        finally
        {
            if (gateway is { HasExited: false })
            {
                Process.Start("kill", ["-TERM", gateway.Id.ToString()])?.WaitForExit(2000);
                if (!gateway.WaitForExit(10_000)) gateway.Kill(entireProcessTree: true);
            }
            foreach (var l in listeners) l.Close();
            try { Directory.Delete(work, true); } catch (IOException) { }
        }
    }

    private static async Task ServeAsync(HttpListener listener, Action counted)
    {
        var reply = Encoding.UTF8.GetBytes("<CiscoIPPhoneResponse><ResponseItem Status=\"0\" Data=\"Success\" URL=\"\"/></CiscoIPPhoneResponse>");
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await listener.GetContextAsync(); }
            catch (Exception) { return; }
            using (var reader = new StreamReader(context.Request.InputStream)) await reader.ReadToEndAsync();
            counted();
            context.Response.ContentType = "text/xml";
            context.Response.ContentLength64 = reply.Length;
            await context.Response.OutputStream.WriteAsync(reply);
            context.Response.Close();
        }
    }

    /// <summary>One page: INVITE, ACK the 200, wait for the first 1400 Hz packet, BYE. Milliseconds to go-ahead, or null.</summary>
    private static double? PageOnce(Socket sip, Socket media, int n)
    {
        var callId = $"bench-{n}-{Environment.ProcessId}@127.0.0.2".Replace("--", "-w");
        string Headers(string method, int cseq, string? toTag) =>
            $"Via: SIP/2.0/UDP 127.0.0.2:5070;branch=z9hG4bK{Guid.NewGuid():N}\r\nFrom: \"Bench\" <sip:6505551234@127.0.0.2:5070>;tag=b{n}\r\n" +
            $"To: <sip:7000@127.0.0.1:{SipPort}>{(toTag is null ? "" : ";tag=" + toTag)}\r\nCall-ID: {callId}\r\nCSeq: {cseq} {method}\r\n" +
            "Contact: <sip:6505551234@127.0.0.2:5070>\r\nMax-Forwards: 70\r\n";
        var sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.2\r\ns=-\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\n";
        var invite = $"INVITE sip:7000@127.0.0.1:{SipPort} SIP/2.0\r\n{Headers("INVITE", 1, null)}Content-Type: application/sdp\r\nContent-Length: {sdp.Length}\r\n\r\n{sdp}";
        var gw = new IPEndPoint(IPAddress.Loopback, SipPort);
        Drain(media);
        var clock = Stopwatch.StartNew();
        sip.SendTo(Encoding.ASCII.GetBytes(invite), gw);
        string? toTag = null;
        sip.ReceiveTimeout = 200;
        var buffer = new byte[65536];
        while (toTag is null && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            string text;
            try { text = Encoding.ASCII.GetString(buffer, 0, sip.Receive(buffer)); }
            catch (SocketException) { continue; }
            if (!text.Contains(callId) || !text.StartsWith("SIP/2.0 ")) continue;
            int code = int.Parse(text.AsSpan(8, 3));
            if (code < 200) continue;
            if (code >= 300)
            {
                Console.WriteLine($"  page {n}: {text[..text.IndexOf('\r')]}");
                sip.SendTo(Encoding.ASCII.GetBytes($"ACK sip:7000@127.0.0.1:{SipPort} SIP/2.0\r\n{Headers("ACK", 1, TagOf(text))}Content-Length: 0\r\n\r\n"), gw);
                return null;
            }
            toTag = TagOf(text);
        }
        if (toTag is null) return null;
        sip.SendTo(Encoding.ASCII.GetBytes($"ACK sip:7000@127.0.0.1:{SipPort} SIP/2.0\r\n{Headers("ACK", 1, toTag)}Content-Length: 0\r\n\r\n"), gw);
        double? goAhead = null;
        media.ReceiveTimeout = 200;
        var pcm = new short[160];
        while (goAhead is null && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            int len;
            try { len = media.Receive(buffer); }
            catch (SocketException) { continue; }
            if (!RtpPacket.TryParse(buffer.AsSpan(0, len), out var h) || h.PayloadType != 0 || h.PayloadLength < 160) continue;
            MuLaw.Decode(buffer.AsSpan(h.PayloadOffset, 160), pcm);
            if (Goertzel.Amplitude(pcm, 1400) > 1000 && Goertzel.Amplitude(pcm, 1400) > 4 * Goertzel.Amplitude(pcm, 440)) goAhead = clock.Elapsed.TotalMilliseconds;
        }
        sip.SendTo(Encoding.ASCII.GetBytes($"BYE sip:7000@127.0.0.1:{SipPort} SIP/2.0\r\n{Headers("BYE", 2, toTag)}Content-Length: 0\r\n\r\n"), gw);
        var byeDeadline = Stopwatch.StartNew();
        while (byeDeadline.Elapsed < TimeSpan.FromSeconds(3))
        {
            try
            {
                var text = Encoding.ASCII.GetString(buffer, 0, sip.Receive(buffer));
                if (text.Contains(callId) && text.Contains("CSeq: 2 BYE") && text.StartsWith("SIP/2.0 200")) break;
            }
            catch (SocketException) { }
        }
        return goAhead;
    }

    private static string? TagOf(string response)
    {
        var to = response.Split("\r\n").FirstOrDefault(l => l.StartsWith("To:", StringComparison.OrdinalIgnoreCase));
        int i = to?.IndexOf(";tag=", StringComparison.Ordinal) ?? -1;
        return i < 0 ? null : to![(i + 5)..].Split(';')[0].Trim();
    }

    private static void Drain(Socket s)
    {
        var b = new byte[2048];
        while (s.Available > 0) s.Receive(b);
    }

    private static JsonObject Config(int phones)
    {
        var devices = new JsonObject();
        var members = new JsonArray();
        for (int i = 0; i < phones; i++)
        {
            var name = $"SEPBENCH{i:D4}";
            devices[name] = new JsonObject
            {
                ["Type"] = "SipPhone", ["AuthUser"] = $"bench{i}", ["Password"] = "pw",
                ["Paging"] = "CiscoExecute", ["PagingUrl"] = $"http://127.0.0.1:{30000 + i}", ["PagingUser"] = "pager", ["PagingPassword"] = "secret",
            };
            members.Add(name);
        }
        return new JsonObject
        {
            ["Sip"] = new JsonObject { ["Address"] = "127.0.0.1", ["Port"] = SipPort },
            ["Urls"] = $"http://127.0.0.1:{HttpPort}",
            ["Media"] = new JsonObject { ["Address"] = "127.0.0.1", ["PortRange"] = "40000-44999" },
            ["Calls"] = new JsonObject { ["SessionExpiresSeconds"] = 0 },
            ["DialPlan"] = new JsonObject
            {
                ["Partitions"] = new JsonArray("PT_Internal"),
                ["CallingSearchSpaces"] = new JsonObject { ["CSS_Internal"] = new JsonArray("PT_Internal") },
            },
            ["Trunks"] = new JsonObject
            {
                ["GW_IN"] = new JsonObject
                {
                    ["Destination"] = "127.0.0.2:5999", ["Transport"] = "udp", ["InboundCss"] = "CSS_Internal",
                    ["AllowedSources"] = new JsonArray("127.0.0.2"), ["OptionsPing"] = false,
                },
            },
            ["Devices"] = devices,
            ["Paging"] = new JsonObject
            {
                ["MinimumStallMilliseconds"] = 0,
                ["DialCast"] = new JsonArray(new JsonObject { ["Number"] = "7000", ["Partition"] = "PT_Internal", ["RecipientGroups"] = new JsonArray("Lobby") }),
                ["RecipientGroups"] = new JsonObject { ["Lobby"] = new JsonObject { ["Multicast"] = "239.10.0.1:20480", ["Devices"] = members } },
            },
        };
    }
}
