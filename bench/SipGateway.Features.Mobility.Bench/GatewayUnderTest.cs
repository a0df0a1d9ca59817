using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace SipGateway.Features.Mobility.Bench;

/// <summary>
/// The gateway as its own process on loopback (SIP on a free port, HTTP on a free port), with the demo config plus one
/// EM phone, user and profile per client. Stopped with SIGTERM, killed if it does not go.
/// </summary>
internal sealed class GatewayUnderTest : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private GatewayUnderTest(Process process, string workDir, int httpPort)
    {
        _process = process;
        WorkDir = workDir;
        HttpPort = httpPort;
    }

    public string WorkDir { get; }
    public int HttpPort { get; }
    public int Pid => _process.Id;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static string Device(int i) => $"SEPBE0000{i:D4}";
    public static string User(int i) => $"bench{i}";
    public static string Pin(int i) => $"{1000 + i:D4}";

    public static GatewayUnderTest Start(BenchOptions options)
    {
        var workDir = Directory.CreateTempSubdirectory("em-bench-").FullName;
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "config", "gateway.json")))!.AsObject();
        var devices = config["Devices"]!.AsObject();
        var users = new JsonObject();
        var profiles = new JsonObject();
        for (int i = 0; i < options.Clients; i++)
        {
            devices[Device(i)] = new JsonObject
            {
                ["Type"] = "SipPhone", ["DevicePool"] = "DP_SJC", ["Css"] = "CSS_National", ["AuthUser"] = $"be{i}", ["Password"] = "bench-secret",
                ["EnableExtensionMobility"] = true,
                ["Lines"] = new JsonArray(new JsonObject { ["Dn"] = $"{30000 + i}", ["Partition"] = "PT_Internal" }),
            };
            users[User(i)] = new JsonObject { ["Pin"] = Pin(i), ["PrimaryExtension"] = $"{40000 + i}", ["DeviceProfiles"] = new JsonArray($"UDP_{i}"), ["EnableMobility"] = true };
            profiles[$"UDP_{i}"] = new JsonObject { ["Lines"] = new JsonArray(new JsonObject { ["Dn"] = $"{40000 + i}", ["Partition"] = "PT_Internal", ["Css"] = "CSS_Internal" }) };
        }
        config["Users"] = users;
        config["DeviceProfiles"] = profiles;
        config["ExtensionMobility"] = new JsonObject
        {
            ["MaximumConcurrentRequests"] = options.MaxConcurrent, ["EnforceMaximumLoginTime"] = true, ["MaximumLoginTime"] = "8:00",
        };
        var configPath = Path.Combine(workDir, "gateway.json");
        File.WriteAllText(configPath, config.ToJsonString());
        int httpPort = FreeTcpPort();
        var psi = new ProcessStartInfo("dotnet") { WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { options.GatewayDll, "--config", configPath, "--Sip:Port", "0", "--Urls", $"http://127.0.0.1:{httpPort}",
                     "--Data:Directory", Path.Combine(workDir, "data"), "--Logs:Directory", Path.Combine(workDir, "logs"), "--Logs:Level", options.LogLevel })
            psi.ArgumentList.Add(a);
        var gw = new GatewayUnderTest(Process.Start(psi)!, workDir, httpPort);
        gw._process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (gw._output) gw._output.AppendLine(e.Data); };
        gw._process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (gw._output) gw._output.AppendLine(e.Data); };
        gw._process.BeginOutputReadLine();
        gw._process.BeginErrorReadLine();
        return gw;
    }

    public async Task WaitHealthyAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"gateway exited with {_process.ExitCode}:\n{Output}");
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException("gateway did not become healthy:\n" + Output);
    }

    /// <summary>User + system CPU seconds of the gateway process so far (/proc/PID/stat, clock ticks of 1/100 s).</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{Pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
    }

    private static int FreeTcpPort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            try { Process.Start("kill", ["-TERM", _process.Id.ToString()])?.WaitForExit(2000); } catch (Exception) { }
            if (!_process.WaitForExit(10_000)) _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
        try { Directory.Delete(WorkDir, true); } catch (IOException) { }
    }
}
