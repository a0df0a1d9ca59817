using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SipGateway.Calls.Bench;

/// <summary>The system under test: something SIPp's UAC calls through to reach SIPp's UAS.</summary>
internal interface ISut : IDisposable
{
    string Name { get; }
    int SipPort { get; }
    int Pid { get; }
    /// <summary>CPU seconds used so far (all its processes).</summary>
    double CpuSeconds();
    /// <summary>Memory now, in KB (RSS for the gateway; summed PSS for Kamailio's processes, which share memory).</summary>
    long MemoryKb();
    string Diagnostics();
}

/// <summary>
/// SipGateway (the built host dll) with a bench config: the demo dial plan, an inbound trunk GW_IN recognised by source
/// 127.0.0.2 (SIPp's UAC) with CSS_National, and GW_SJC_1 (reached by 9.1[2-9]XX[2-9]XXXXXX through the local route
/// group) pointing at the SIPp UAS. Logs at Warning, a wide RTP port range, SQLite data in its own work folder.
/// </summary>
internal sealed class GatewaySut : ISut
{
    public const string CalledNumber = "914085551234";
    private readonly ChildProcess _process;
    private readonly HttpClient _http;
    private readonly string _workDir;

    private GatewaySut(ChildProcess process, HttpClient http, string workDir, int sipPort)
    {
        _process = process;
        _http = http;
        _workDir = workDir;
        SipPort = sipPort;
    }

    public string Name => "SipGateway";
    public int SipPort { get; }
    public int Pid => _process.Pid;
    public string WorkDir => _workDir;

    public static GatewaySut Start(string dll, string workRoot, int uasPort, string logLevel, int udpThreads)
    {
        var workDir = Dirs.Make(workRoot, "gw");
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(dll)!, "config", "gateway.json")))!.AsObject();
        var trunks = config["Trunks"]!.AsObject();
        foreach (var (_, t) in trunks) t!["OptionsPing"] = false; // SIPp expects an INVITE first
        trunks["GW_SJC_1"]!["Destination"] = $"127.0.0.1:{uasPort}";
        trunks["GW_SJC_1"]!["AllowedSources"] = new JsonArray("127.0.0.9");
        trunks["GW_CENTRAL"]!["AllowedSources"] = new JsonArray("127.0.0.10");
        trunks["GW_IN"] = new JsonObject
        {
            ["Destination"] = "127.0.0.2:5999", ["Transport"] = "udp", ["DevicePool"] = "DP_SJC",
            ["InboundCss"] = "CSS_National", ["AllowedSources"] = new JsonArray("127.0.0.2"), ["OptionsPing"] = false,
        };
        // Each anchored call holds two RTP/RTCP socket pairs: leave room for thousands of calls.
        config["Media"]!["PortRange"] = "10000-59999";
        var configPath = Path.Combine(workDir, "gateway.json");
        File.WriteAllText(configPath, config.ToJsonString());
        int sipPort = FreePort.UdpAndTcp();
        int httpPort = FreePort.Tcp();
        var process = new ChildProcess("dotnet", [dll, "--config", configPath, "--Sip:Port", sipPort.ToString(),
            "--Urls", $"http://127.0.0.1:{httpPort}", "--Logs:Directory", Path.Combine(workDir, "logs"), "--Logs:Level", logLevel,
            "--Data:Directory", Path.Combine(workDir, "data"), .. (udpThreads > 0 ? new[] { "--Sip:UdpReceiveThreads", udpThreads.ToString() } : [])], workDir);
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(20) };
        var sut = new GatewaySut(process, http, workDir, sipPort);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited) throw new InvalidOperationException($"gateway exited ({process.ExitCode}):\n{process.Output}");
            try
            {
                var health = http.GetFromJsonAsync<JsonElement>("/health").GetAwaiter().GetResult();
                if (health.GetProperty("sip").GetProperty("port").GetInt32() == sipPort) return sut;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            Thread.Sleep(200);
        }
        sut.Dispose();
        throw new TimeoutException("gateway did not become healthy:\n" + process.Output);
    }

    public JsonElement Get(string path) => _http.GetFromJsonAsync<JsonElement>(path).GetAwaiter().GetResult();

    public double CpuSeconds() => ProcFs.CpuSeconds(Pid);
    public long MemoryKb() => ProcFs.RssKb(Pid);

    public string Diagnostics()
    {
        var text = _process.Output;
        return text.Length > 4000 ? text[^4000..] : text;
    }

    public void Dispose()
    {
        _http.Dispose();
        _process.Stop(TimeSpan.FromSeconds(10));
        _process.Dispose();
        try { Directory.Delete(_workDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>
/// Kamailio (Debian package) as the reference: a stateful relay (tm t_relay with rr record_route) to the SIPp UAS,
/// one UDP child per core (--kamailio-children), shared memory -m 2048 and maxbuffer=4194304 (the two settings PEERS.md found to matter).
/// </summary>
internal sealed class KamailioSut : ISut
{
    private readonly ChildProcess _process;
    private readonly string _workDir;

    private KamailioSut(ChildProcess process, string workDir, int port)
    {
        _process = process;
        _workDir = workDir;
        SipPort = port;
    }

    public string Name => "Kamailio";
    public int SipPort { get; }
    public int Pid => _process.Pid;

    public static string ModulesPath()
    {
        foreach (var dir in new[] { "/usr/lib/x86_64-linux-gnu/kamailio/modules", "/usr/lib/aarch64-linux-gnu/kamailio/modules", "/usr/lib/kamailio/modules" })
            if (File.Exists(Path.Combine(dir, "tm.so"))) return dir;
        throw new InvalidOperationException("Kamailio modules (tm.so) not found");
    }

    public static KamailioSut Start(string workRoot, int uasPort, int children)
    {
        var workDir = Dirs.Make(workRoot, "kam");
        int port = FreePort.UdpAndTcp();
        var cfg = $$"""
            #!KAMAILIO
            debug=-1
            log_stderror=yes
            children={{children}}
            disable_tcp=yes
            auto_aliases=no
            listen=udp:127.0.0.1:{{port}}
            maxbuffer=4194304
            mpath="{{ModulesPath()}}"
            loadmodule "tm.so"
            loadmodule "sl.so"
            loadmodule "rr.so"
            loadmodule "pv.so"
            loadmodule "maxfwd.so"
            loadmodule "textops.so"
            loadmodule "siputils.so"

            request_route {
                if (!mf_process_maxfwd_header("10")) { sl_send_reply("483", "Too Many Hops"); exit; }
                if (has_totag()) {
                    if (loose_route()) { t_relay(); exit; }
                    if (is_method("ACK")) { if (t_check_trans()) { t_relay(); } exit; }
                    sl_send_reply("404", "Not here");
                    exit;
                }
                if (is_method("CANCEL")) { if (t_check_trans()) { t_relay(); } exit; }
                t_check_trans();
                record_route();
                $du = "sip:127.0.0.1:{{uasPort}}";
                if (!t_relay()) { sl_reply_error(); }
                exit;
            }
            """;
        var cfgPath = Path.Combine(workDir, "kamailio.cfg");
        File.WriteAllText(cfgPath, cfg);
        var process = new ChildProcess("kamailio", ["-f", cfgPath, "-DD", "-E", "-m", "2048", "-M", "32", "-P", Path.Combine(workDir, "kamailio.pid"),
            "-Y", workDir, "-w", workDir], workDir);
        var sut = new KamailioSut(process, workDir, port);
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (process.HasExited) throw new InvalidOperationException($"kamailio exited ({process.ExitCode}):\n{process.Output}");
            if (UdpPortInUse(port) && ProcFs.Children(process.Pid).Count >= children) { Thread.Sleep(300); return sut; }
            Thread.Sleep(100);
        }
        sut.Dispose();
        throw new TimeoutException("kamailio did not start:\n" + process.Output);
    }

    private static bool UdpPortInUse(int port)
    {
        try
        {
            using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            s.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return false;
        }
        catch (SocketException) { return true; }
    }

    public double CpuSeconds() => ProcFs.TreeCpuSeconds(Pid);
    public long MemoryKb() => ProcFs.TreePssKb(Pid);

    public string Diagnostics()
    {
        var text = _process.Output;
        return text.Length > 4000 ? text[^4000..] : text;
    }

    public void Dispose()
    {
        _process.Stop(TimeSpan.FromSeconds(10));
        _process.Dispose();
        try { Directory.Delete(_workDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
