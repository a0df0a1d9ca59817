using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace SipGateway.Interop.Tests.Infrastructure;

/// <summary>
/// The real gateway process (like <see cref="GatewayProcess"/>) started inside a <see cref="NetworkNamespace"/>, with
/// SIPp run in the same namespace: for features that send multicast (paging), which must never leave the machine.
/// </summary>
internal sealed class NamespacedGateway : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private NamespacedGateway(NetworkNamespace ns, Process process, string workDir, HttpClient http)
    {
        Namespace = ns;
        _process = process;
        WorkDir = workDir;
        Http = http;
    }

    public NetworkNamespace Namespace { get; }
    public string WorkDir { get; }
    public HttpClient Http { get; }
    public int SipPort { get; private set; }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static async Task<NamespacedGateway> StartAsync(NetworkNamespace ns, string configJson)
    {
        var workDir = Directory.CreateTempSubdirectory("sipgw-ns-").FullName;
        var configPath = Path.Combine(workDir, "gateway.json");
        await File.WriteAllTextAsync(configPath, configJson);
        const int HttpPort = 18080; // the namespace is new: every port is free
        var psi = ns.StartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "SipGateway.dll"), "--config", configPath, "--Sip:Port", "0",
            "--Urls", $"http://127.0.0.1:{HttpPort}", "--Logs:Directory", Path.Combine(workDir, "logs"), "--Logs:Level", "Debug",
            "--Data:Directory", Path.Combine(workDir, "data")]);
        psi.WorkingDirectory = workDir;
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardError = true;
        var process = Process.Start(psi)!;
        var gw = new NamespacedGateway(ns, process, workDir, ns.HttpClient(new Uri($"http://127.0.0.1:{HttpPort}")));
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (gw._output) gw._output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (gw._output) gw._output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (process.HasExited)
            {
                process.WaitForExit(); // also waits for the output readers, which hold the reason for the exit
                throw new InvalidOperationException($"gateway exited with {process.ExitCode}:\n{gw.Output}");
            }
            try
            {
                var health = await gw.Http.GetFromJsonAsync<JsonElement>("/health");
                gw.SipPort = health.GetProperty("sip").GetProperty("port").GetInt32();
                return gw;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && DateTime.UtcNow < deadline) { }
            await Task.Delay(200);
        }
    }

    public async Task<JsonElement> GetJsonAsync(string path) => await Http.GetFromJsonAsync<JsonElement>(path);

    /// <summary>Runs a SIPp scenario from data/sipp in the namespace against the gateway, bounded in time.</summary>
    public async Task<ExternalTool.Result> SippAsync(string scenario, string localAddress, int localPort, string service, int timeoutSeconds, params string[] extra)
    {
        ExternalTool.Require("sipp");
        var dir = Directory.CreateTempSubdirectory("sipp-ns-").FullName;
        var args = new List<string>
        {
            "netns", "exec", Namespace.Name, "sipp", "-sf", Sipp.Scenario(scenario), "-i", localAddress, "-p", localPort.ToString(), "-t", "u1",
            "-m", "1", "-s", service, "-timeout", $"{timeoutSeconds}s", "-timeout_error", "-max_recv_loops", "1000",
            "-trace_err", "-error_file", Path.Combine(dir, "errors.log"), "-nostdin",
        };
        args.AddRange(extra);
        args.Add($"127.0.0.1:{SipPort}");
        var result = await ExternalTool.RunAsync("ip", args, TimeSpan.FromSeconds(timeoutSeconds + 20), dir);
        var errors = Path.Combine(dir, "errors.log");
        var text = result.Output + (File.Exists(errors) ? "\nerrors:\n" + await File.ReadAllTextAsync(errors) : "");
        try { Directory.Delete(dir, true); } catch (IOException) { }
        return result with { Output = text };
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            try { Process.Start("kill", ["-TERM", _process.Id.ToString()])?.WaitForExit(2000); } catch (Exception) { }
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try { await _process.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        }
        _process.Dispose();
        try { Directory.Delete(WorkDir, recursive: true); } catch (IOException) { }
    }
}
