using SipGateway.Calls.Lines;
using SipGateway.Configuration;
using SipGateway.Features.Mobility;
using SipGateway.Storage;

namespace SipGateway.Hosting;

/// <summary>
/// Wires Extension Mobility to the SIP stack: its state in the state database, profile lines switched into the
/// B2BUA's dial plan, the registrar's view of where each phone is (ValidateIpAddress), and saved logins restored at start.
/// </summary>
public sealed class MobilityService : IHostedService, IDisposable
{
    public MobilityService(GatewaySettings settings, SipStack sip, IStateDatabase database, TimeProvider clock, ILoggerFactory loggers)
    {
        var mobility = settings.Mobility!;
        var lineRules = settings.Devices.ToDictionary(d => d.Key, d => (IReadOnlyList<LineRules>)d.Value.Lines.Select(l => sip.Calls.Lines.Get(l.Dn) ?? new LineRules { Dn = l.Dn }).ToList(),
            StringComparer.OrdinalIgnoreCase);
        var lines = new ProfileLineSwitch(new MobilityDialPlanBase(mobility.DialPlanOptions, mobility.Devices, mobility.Trunks, lineRules), mobility.Directory, sip.Calls, clock,
            loggers.CreateLogger<ProfileLineSwitch>());
        Mobility = new ExtensionMobility(mobility.Options, mobility.Directory, database.ExtensionMobility, lines, clock, loggers.CreateLogger<ExtensionMobility>(),
            device => sip.Registrar.BindingsOfDevice(device).Select(b => b.Source.Address.Address));
        Service = new EmAppService(Mobility);
    }

    public ExtensionMobility Mobility { get; }
    public EmAppService Service { get; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Mobility.Restore();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        Mobility.Dispose();
    }
}

public static class MobilityServiceRegistration
{
    public static IServiceCollection AddExtensionMobility(this IServiceCollection services)
    {
        services.AddSingleton<MobilityService>();
        services.AddHostedService(sp => sp.GetRequiredService<MobilityService>());
        return services;
    }
}
