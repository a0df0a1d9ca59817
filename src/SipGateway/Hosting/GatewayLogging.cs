using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Events;

namespace SipGateway.Hosting;

/// <summary>
/// Serilog behind Microsoft.Extensions.Logging: console plus a daily rolling file under Logs:Directory
/// (default "logs"). A "Serilog" config section may add sinks or change levels (Serilog.Settings.Configuration).
/// </summary>
public static class GatewayLogging
{
    public static Serilog.ILogger Create(IConfiguration configuration)
    {
        var directory = configuration["Logs:Directory"] ?? "logs";
        var level = Enum.TryParse<LogEventLevel>(configuration["Logs:Level"], true, out var l) ? l : LogEventLevel.Information;
        var config = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Information)
            .Enrich.FromLogContext()
            .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}",
                standardErrorFromLevel: LogEventLevel.Fatal)
            .WriteTo.File(Path.Combine(directory, "sipgateway-.log"), rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 14, fileSizeLimitBytes: 100 * 1024 * 1024, rollOnFileSizeLimit: true, shared: true);
        if (configuration.GetSection("Serilog").Exists()) config = config.ReadFrom.Configuration(configuration);
        return config.CreateLogger();
    }
}
