using Serilog;
using SipGateway.Configuration;
using SipGateway.Http;
using SipGateway.Storage;

namespace SipGateway.Hosting;

/// <summary>Builds the generic host: Serilog, the SIP stack as a hosted service, and the Kestrel endpoints.</summary>
public static class GatewayHost
{
    public static async Task<int> RunAsync(GatewaySettings settings, string[] args)
    {
        var serilog = GatewayLogging.Create(settings.Root);
        try
        {
            var app = Build(settings, serilog);
            await app.RunAsync();
            return 0;
        }
        catch (StorageException ex)
        {
            // A damaged, newer or unreachable state database: the message names it and says what to do.
            serilog.Fatal("Cannot start: {Message}", ex.Message);
            Console.Error.WriteLine($"cannot start: {ex.Message}");
            return 1;
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException)
        {
            // A port already in use is the usual cause: say which one.
            serilog.Fatal("Cannot start: {Message} (SIP {Address}:{Port}, HTTP {Urls})", ex.Message, settings.Sip.Address, settings.Sip.Port, settings.Urls);
            Console.Error.WriteLine($"cannot start: {ex.Message} (SIP {settings.Sip.Address}:{settings.Sip.Port}, HTTP {settings.Urls})");
            return 1;
        }
        finally
        {
            await ((IAsyncDisposable)serilog).DisposeAsync();
        }
    }

    /// <param name="plugIns">Registers plug-ins into the host's services before it is built (route handlers: <see cref="Calls.CallControl.ICallRouteHandler"/>, call events consumers: <see cref="Calls.CallControl.ICallEvents"/>).</param>
    public static WebApplication Build(GatewaySettings settings, Serilog.ILogger serilog, Action<IServiceCollection>? plugIns = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddConfiguration(settings.Root);
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(serilog, dispose: false);
        builder.Logging.SetMinimumLevel(LogLevel.Trace); // Serilog (Logs:Level) decides what is written
        builder.WebHost.UseUrls(settings.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddStateDatabase();
        builder.Services.AddSipStack();
        builder.Services.AddSingleton<Diagnostics.SamplerGate>();
        builder.Services.AddExtensionMobility();
        plugIns?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapGatewayEndpoints();
        app.MapMobilityEndpoints();
        app.MapCtiEndpoints();
        return app;
    }
}
