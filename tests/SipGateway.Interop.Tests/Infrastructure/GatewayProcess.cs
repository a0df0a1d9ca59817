using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace SipGateway.Interop.Tests.Infrastructure;

/// <summary>
/// The real gateway as a separate process (dotnet SipGateway.dll) on a free SIP port and a free HTTP port, with its
/// own config file, data and log folders. Waits for /health; stops with SIGTERM (graceful) and kills if needed.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    public string WorkDir { get; }
    public int SipPort { get; private set; }
    public int HttpPort { get; }
    public HttpClient Http { get; }

    private GatewayProcess(Process process, string workDir, int httpPort)
    {
        _process = process;
        WorkDir = workDir;
        HttpPort = httpPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(10) };
    }

    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public static string DemoConfigPath => Path.Combine(AppContext.BaseDirectory, "config", "gateway.json");

    public static async Task<GatewayProcess> StartAsync(string? configJson = null, params string[] extraArgs)
    {
        var workDir = Directory.CreateTempSubdirectory("sipgw-test-").FullName;
        var configPath = Path.Combine(workDir, "gateway.json");
        await File.WriteAllTextAsync(configPath, configJson ?? await File.ReadAllTextAsync(DemoConfigPath));
        int httpPort = FreePort.Tcp();
        var dll = Path.Combine(AppContext.BaseDirectory, "SipGateway.dll");
        var psi = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { dll, "--config", configPath, "--Sip:Port", "0", "--Urls", $"http://127.0.0.1:{httpPort}",
                     "--Logs:Directory", Path.Combine(workDir, "logs"), "--Logs:Level", "Debug", "--Data:Directory", Path.Combine(workDir, "data") })
            psi.ArgumentList.Add(a);
        foreach (var a in extraArgs) psi.ArgumentList.Add(a);
        var process = Process.Start(psi)!;
        var gw = new GatewayProcess(process, workDir, httpPort);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (gw._output) gw._output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (gw._output) gw._output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await gw.WaitHealthyAsync(TimeSpan.FromSeconds(30));
        return gw;
    }

    private async Task WaitHealthyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                // HasExited can be true before the output readers have delivered the last lines (the reason for the
                // exit); WaitForExit() without a timeout also waits for them to reach end of stream.
                _process.WaitForExit();
                throw new InvalidOperationException($"gateway exited with {_process.ExitCode}:\n{Output}");
            }
            try
            {
                var health = await Http.GetFromJsonAsync<JsonElement>("/health");
                SipPort = health.GetProperty("sip").GetProperty("port").GetInt32();
                return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException("gateway did not become healthy:\n" + Output);
    }

    public async Task<JsonElement> GetJsonAsync(string path) => await Http.GetFromJsonAsync<JsonElement>(path);

    /// <summary>The first CDR, waiting briefly for it: CDRs are written off the SIP threads after the call ends.</summary>
    public Task<JsonElement> FirstCdrAsync() => CdrPolling.FirstCdrAsync(Http, () => "\n" + Output);

    /// <summary>Resident memory of the gateway process, from /proc.</summary>
    public long ResidentBytes()
    {
        _process.Refresh();
        return _process.WorkingSet64;
    }

    /// <summary>Sends SIGTERM and returns the exit code (null if it had to be killed).</summary>
    public async Task<int?> StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited) return _process.ExitCode;
        Process.Start("kill", ["-TERM", _process.Id.ToString()])?.WaitForExit(2000);
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            _process.WaitForExit();
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            // SIGTERM first: the host shuts down gracefully.
            try { Process.Start("kill", ["-TERM", _process.Id.ToString()])?.WaitForExit(2000); } catch (Exception) { }
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try { await _process.WaitForExitAsync(cts.Token); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        }
        _process.Dispose();
        try { Directory.Delete(WorkDir, recursive: true); } catch (IOException) { }
    }
}
