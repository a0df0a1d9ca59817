using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using SipGateway.Features.ExtendConnect.Bench;

// Extend and Connect benchmark against the real gateway process (loopback only):
//  1. Dial Via Office calls per second: a CTI client POSTs /cti/devices/CTRIDalice/calls at --rate for --seconds; a SIPp
//     UAS behind trunk GW_SJC_1 answers both legs (the remote destination, then the dialled number); each call is
//     disconnected --hold-ms after its Connected event. Target: >= 300 calls/s connected.
//  2. Persistent-connection delivery latency: one persistent connection to the SIPp RD, then --pc-calls SIPp customer
//     calls to line 2000, one at a time; INVITE->200 from SIPp, INVITE-at-routing->media joined from the Connected
//     event (elapsedMs), with and without the zip tone (--zip-ms, default 100), and elapsedMs minus the measured
//     zip play time (alertMs). Target: p99 < 50 ms excluding the tone.
int rate = Arg("--rate", 300), seconds = Arg("--seconds", 10), holdMs = Arg("--hold-ms", 200), pcCalls = Arg("--pc-calls", 100),
    zipMs = Arg("--zip-ms", 100);
const string Key = "bench-key-0123456789abcdef";
var baseDir = AppContext.BaseDirectory;
var work = Directory.CreateTempSubdirectory("ec-bench-").FullName;
Console.WriteLine($"Extend and Connect bench: DVO at {rate}/s for {seconds} s (hold {holdMs} ms), {pcCalls} persistent-connection deliveries");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores; work dir {work}");

int uasPort = FreePort.UdpAndTcp();
using var uas = new BenchProcess("sipp", ["-sf", Path.Combine(baseDir, "scenarios", "uas_load.xml"), "-i", "127.0.0.1", "-p", uasPort.ToString(),
    "-t", "u1", "-nostdin", "-max_recv_loops", "10000", "-timeout", "600s", "-mp", FreePort.UdpAndTcp().ToString()], work);
Thread.Sleep(500);

foreach (var zip in new[] { true, false })
{
    if (!zip && pcCalls == 0) break;
    using var gw = StartGateway(uasPort, zip, out var http, out var sipPort);
    if (zip)
    {
        // Warm-up (not reported): the first seconds are spent mostly in the JIT's tier-1 compilation.
        await DialViaOffice(gw, http, Math.Min(seconds, 3), report: false);
        await DialViaOffice(gw, http, seconds, report: true);
    }
    await PersistentLatency(gw, http, sipPort, zip);
    http.Dispose();
}
return 0;

BenchProcess StartGateway(int rdPort, bool zip, out HttpClient http, out int sipPort)
{
    var config = JsonNode.Parse(File.ReadAllText(Path.Combine(baseDir, "config", "gateway.json")))!.AsObject();
    foreach (var t in new[] { "GW_SJC_1", "GW_CENTRAL" })
    {
        config["Trunks"]![t]!["Destination"] = $"127.0.0.1:{rdPort}";
        config["Trunks"]![t]!["OptionsPing"] = false;
    }
    config["Trunks"]!["GW_IN"] = new JsonObject
    {
        ["Destination"] = "127.0.0.2:5999", ["DevicePool"] = "DP_SJC", ["InboundCss"] = "CSS_National",
        ["AllowedSources"] = new JsonArray("127.0.0.2"), ["OptionsPing"] = false,
    };
    config["Devices"]!["CTRIDalice"] = new JsonObject
    {
        ["Type"] = "CtiRemoteDevice", ["Owner"] = "alice", ["DisplayName"] = "Alice Adams", ["RerouteCss"] = "CSS_National", ["Css"] = "CSS_National",
        ["DevicePool"] = "DP_SJC", ["Lines"] = new JsonArray(new JsonObject { ["Dn"] = "2000", ["Partition"] = "PT_Internal" }),
    };
    config["Cti"] = new JsonObject { ["Applications"] = new JsonObject { ["bench"] = new JsonObject { ["ApiKey"] = Key } } };
    config["ExtendConnect"] = new JsonObject { ["ZipTone"] = zip, ["ZipToneMs"] = zipMs };
    config["Calls"]!["SessionExpiresSeconds"] = 0;
    var dir = Directory.CreateDirectory(Path.Combine(work, "gw-" + (zip ? "zip" : "nozip"))).FullName;
    File.WriteAllText(Path.Combine(dir, "gateway.json"), config.ToJsonString());
    sipPort = FreePort.UdpAndTcp();
    int httpPort = FreePort.UdpAndTcp();
    var gw = new BenchProcess("dotnet", [Path.Combine(baseDir, "SipGateway.dll"), "--config", Path.Combine(dir, "gateway.json"), "--Sip:Port", sipPort.ToString(),
        "--Urls", $"http://127.0.0.1:{httpPort}", "--Logs:Directory", Path.Combine(dir, "logs"), "--Logs:Level", "Warning",
        "--Data:Directory", Path.Combine(dir, "data")], dir);
    http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 })
    {
        BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(30),
    };
    http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
    var deadline = DateTime.UtcNow.AddSeconds(30);
    while (true)
    {
        if (gw.HasExited) throw new InvalidOperationException("gateway exited:\n" + gw.Output);
        try { if (http.GetAsync("/health").Result.IsSuccessStatusCode) break; }
        catch (AggregateException) when (DateTime.UtcNow < deadline) { }
        Thread.Sleep(200);
    }
    var rd = http.PostAsJsonAsync("/cti/devices/CTRIDalice/remote-destinations", new { number = "914085550199", active = true }).Result;
    if (!rd.IsSuccessStatusCode) throw new InvalidOperationException("adding the RD failed: " + rd.Content.ReadAsStringAsync().Result);
    return gw;
}

async Task DialViaOffice(BenchProcess gw, HttpClient http, int runSeconds, bool report)
{
    var connectedAt = new ConcurrentDictionary<string, long>();
    var outcome = new ConcurrentDictionary<string, bool>();
    int httpErrors = 0;
    var clock = Stopwatch.StartNew();
    using var events = new CancellationTokenSource();
    var reader = ReadEvents(http, events.Token, (name, e) =>
    {
        var id = e.GetProperty("callId").GetString()!;
        if (name == "Connected")
        {
            connectedAt[id] = clock.Elapsed.Ticks;
            _ = Task.Delay(holdMs).ContinueWith(_ => http.PostAsync($"/cti/calls/{id}/disconnect", null));
        }
        else if (name == "Disconnected") outcome[id] = connectedAt.ContainsKey(id);
    });
    await Task.Delay(500);
    double cpu0 = gw.CpuSeconds();
    int total = rate * runSeconds;
    var posts = new List<Task>(total);
    var start = clock.Elapsed;
    for (int i = 0; i < total; i++)
    {
        var due = start + TimeSpan.FromSeconds((double)i / rate);
        var wait = due - clock.Elapsed;
        if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
        posts.Add(http.PostAsJsonAsync("/cti/devices/CTRIDalice/calls", new { destination = "914085550111" }).ContinueWith(t =>
        {
            if (t.IsFaulted || !t.Result.IsSuccessStatusCode) Interlocked.Increment(ref httpErrors);
        }));
    }
    var sent = clock.Elapsed;
    await Task.WhenAll(posts);
    var deadline = DateTime.UtcNow.AddSeconds(30);
    while (outcome.Count + httpErrors < total && DateTime.UtcNow < deadline) await Task.Delay(100);
    double cpu = gw.CpuSeconds() - cpu0;
    events.Cancel();
    try { await reader; } catch (OperationCanceledException) { }
    if (!report) return;
    int connected = outcome.Values.Count(v => v), failed = outcome.Values.Count(v => !v);
    var lastConnected = connectedAt.Values.DefaultIfEmpty(0).Max();
    double window = TimeSpan.FromTicks(lastConnected).TotalSeconds - start.TotalSeconds;
    Console.WriteLine();
    Console.WriteLine($"Dial Via Office (CTI POST -> RD answered -> target answered -> joined), SIPp UAS on both legs, after a {Math.Min(seconds, 3)} s warm-up:");
    Console.WriteLine($"  offered            {total} calls at {rate}/s (sent in {(sent - start).TotalSeconds:F2} s)");
    Console.WriteLine($"  connected          {connected}   failed {failed}   http errors {httpErrors}   unfinished {total - connected - failed - httpErrors}");
    Console.WriteLine($"  connected calls/s  {connected / window:F1}   (target >= 300)");
    Console.WriteLine($"  gateway CPU        {cpu:F2} s ({1000 * cpu / Math.Max(1, connected):F2} ms per DVO call, 4 SIP dialogs incl. BYEs)");
}

async Task PersistentLatency(BenchProcess gw, HttpClient http, int sipPort, bool zip)
{
    var elapsed = new ConcurrentBag<double>();
    var delivery = new ConcurrentBag<double>();
    using var events = new CancellationTokenSource();
    string? pcId = null;
    var established = new TaskCompletionSource();
    var reader = ReadEvents(http, events.Token, (name, e) =>
    {
        if (name == "PersistentConnectionEstablished") established.TrySetResult();
        if (name == "Connected" && e.TryGetProperty("elapsedMs", out var ms))
        {
            elapsed.Add(ms.GetDouble());
            // The gateway's own work: the measured whisper/zip play time taken out (not the configured length).
            delivery.Add(ms.GetDouble() - (e.TryGetProperty("alertMs", out var a) ? a.GetDouble() : 0));
        }
    });
    await Task.Delay(300);
    var pc = await http.PostAsync("/cti/devices/CTRIDalice/persistent-connection", null);
    var pcBody = await pc.Content.ReadAsStringAsync();
    if (!pc.IsSuccessStatusCode) throw new InvalidOperationException($"persistent connection refused: {(int)pc.StatusCode} {pcBody}");
    pcId = JsonDocument.Parse(pcBody).RootElement.GetProperty("callId").GetString();
    await established.Task.WaitAsync(TimeSpan.FromSeconds(10));
    var dir = Directory.CreateDirectory(Path.Combine(work, "sipp-pc-" + (zip ? "zip" : "nozip"))).FullName;
    using (var customers = new BenchProcess("sipp", ["-sf", Path.Combine(baseDir, "scenarios", "uac_customer.xml"), "-i", "127.0.0.2",
               "-p", FreePort.UdpAndTcp().ToString(), "-mp", FreePort.UdpAndTcp().ToString(), "-t", "u1", "-s", "2000", "-m", pcCalls.ToString(),
               "-l", "1", "-r", "1000", "-nostdin", "-timeout", "300s", "-trace_rtt", "-rtt_freq", "1", $"127.0.0.1:{sipPort}"], dir))
        customers.Wait(TimeSpan.FromSeconds(310));
    await Task.Delay(500);
    events.Cancel();
    try { await reader; } catch (OperationCanceledException) { }
    var rtts = new List<double>();
    foreach (var f in Directory.GetFiles(dir, "*_rtt.csv"))
        foreach (var line in File.ReadLines(f).Skip(1))
            if (line.Split(';') is { Length: >= 2 } p && double.TryParse(p[1], System.Globalization.CultureInfo.InvariantCulture, out var v)) rtts.Add(v);
    Console.WriteLine();
    Console.WriteLine($"Persistent connection {pcId}: {pcCalls} customer calls delivered one after another, " +
        (zip ? $"zip tone on (one 440 Hz beep, ExtendConnect:ZipToneMs {zipMs} ms), no whisper:" : "zip tone off, no whisper:"));
    Console.WriteLine($"  delivered on it                                     {elapsed.Count}");
    Console.WriteLine($"  INVITE -> customer answered (200 OK)                {Stats(rtts)}   (SIPp rtd, 1 ms resolution)");
    Console.WriteLine($"  INVITE -> customer media connected after zip/whisper {Stats([.. elapsed])}   (gateway: routing to media joined{(zip ? $", {zipMs} ms zip tone included" : "")})");
    Console.WriteLine($"  INVITE -> media connected, tone play time excluded  {Stats([.. delivery])}   (elapsed minus the measured zip play time; target p99 < 50 ms)");
}

static string Stats(List<double> v)
{
    if (v.Count == 0) return "no samples";
    v.Sort();
    double P(double q) => v[Math.Min(v.Count - 1, (int)Math.Ceiling(q * v.Count) - 1)];
    return $"p50 {P(0.50):F2} ms  p99 {P(0.99):F2} ms  max {v[^1]:F2} ms  (n={v.Count})";
}

static async Task ReadEvents(HttpClient http, CancellationToken token, Action<string, JsonElement> onEvent)
{
    using var response = await http.GetAsync("/cti/events", HttpCompletionOption.ResponseHeadersRead, token);
    using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(token));
    try
    {
        while (await reader.ReadLineAsync(token) is { } line)
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                var e = JsonDocument.Parse(line[6..]).RootElement;
                onEvent(e.GetProperty("event").GetString()!, e);
            }
    }
    catch (OperationCanceledException) { }
    catch (IOException) { }
}

int Arg(string name, int fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
}
