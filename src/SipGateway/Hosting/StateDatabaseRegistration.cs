using SipGateway.Configuration;
using SipGateway.Storage;
using SipGateway.Storage.Sqlite;

namespace SipGateway.Hosting;

/// <summary>
/// The one state database of the process, opened once and shared by the CDR writer and the features (each asks it
/// for its store). SQLite under Data:Directory is the embedded default; another engine plugs in here.
/// </summary>
public static class StateDatabaseRegistration
{
    public static IServiceCollection AddStateDatabase(this IServiceCollection services)
    {
        services.AddSingleton<IStateDatabase>(sp =>
            SqliteStateDatabase.Open(sp.GetRequiredService<GatewaySettings>().DataDirectory, sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
