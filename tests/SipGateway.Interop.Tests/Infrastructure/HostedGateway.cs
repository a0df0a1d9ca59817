using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SipGateway.Configuration;
using SipGateway.Hosting;

namespace SipGateway.Interop.Tests.Infrastructure;

/// <summary>
/// The real gateway host (the same <see cref="GatewayHost.Build"/> the executable runs: SIP stack, Kestrel endpoints)
/// inside the test process, so a test can register a plug-in with it (a route handler) as the host would. SIP on a free
/// port, HTTP on a free port, data and logs in a temporary folder.
/// </summary>
internal sealed class HostedGateway : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Serilog.ILogger _serilog;

    private HostedGateway(WebApplication app, Serilog.ILogger serilog, HttpClient http)
    {
        _app = app;
        _serilog = serilog;
        Http = http;
    }

    public int SipPort { get; private set; }
    public HttpClient Http { get; }

    public static async Task<HostedGateway> StartAsync(string configJson, Action<IServiceCollection> plugIns)
    {
        var workDir = Directory.CreateTempSubdirectory("sipgw-hosted-").FullName;
        var configPath = Path.Combine(workDir, "gateway.json");
        await File.WriteAllTextAsync(configPath, configJson);
        int httpPort = FreePort.Tcp();
        var settings = GatewaySettings.Load(["--config", configPath, "--Sip:Port", "0", "--Urls", $"http://127.0.0.1:{httpPort}",
            "--Logs:Directory", Path.Combine(workDir, "logs"), "--Logs:Level", "Debug", "--Data:Directory", Path.Combine(workDir, "data")]);
        var serilog = GatewayLogging.Create(settings.Root);
        var app = GatewayHost.Build(settings, serilog, plugIns);
        await app.StartAsync();
        var gw = new HostedGateway(app, serilog, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(10) });
        var health = await gw.GetJsonAsync("/health");
        gw.SipPort = health.GetProperty("sip").GetProperty("port").GetInt32();
        return gw;
    }

    public async Task<JsonElement> GetJsonAsync(string path) => await Http.GetFromJsonAsync<JsonElement>(path);

    /// <summary>The first CDR, waiting briefly for it: CDRs are written off the SIP threads after the call ends.</summary>
    public Task<JsonElement> FirstCdrAsync() => CdrPolling.FirstCdrAsync(Http, () => "");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _app.StopAsync(cts.Token);
        await _app.DisposeAsync();
        await ((IAsyncDisposable)_serilog).DisposeAsync();
    }
}
