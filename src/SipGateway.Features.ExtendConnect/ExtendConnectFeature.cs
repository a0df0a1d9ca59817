using Microsoft.Extensions.Logging;
using SipGateway.Calls.CallControl;
using SipGateway.Features.ExtendConnect.Calls;
using SipGateway.Features.ExtendConnect.Events;
using SipGateway.Features.ExtendConnect.RemoteDestinations;
using SipGateway.Features.ExtendConnect.ServiceState;
using SipGateway.Sip.Timing;
using SipGateway.Storage;

namespace SipGateway.Features.ExtendConnect;

/// <summary>
/// Extend and Connect assembled: remote destinations (in the state database), the B2BUA routing hook for calls to remote devices,
/// service state, Dial Via Office, persistent connections and mid-call control, with the CTI event hub.
/// </summary>
public sealed class ExtendConnectFeature
{
    public ExtendConnectFeature(ExtendConnectOptions options, BackToBackUserAgent b2bua, IStateDatabase db, ITimerScheduler timers, ILoggerFactory loggers)
    {
        Options = options;
        Book = new RemoteDestinationBook(options, b2bua.Plan, db.RemoteDestinations);
        Events = new CtiEventHub();
        Registrations = new RemoteDeviceRegistrations(Book, Events);
        Calls = new CtiCallRegistry();
        var legs = new SipCtiLegs(b2bua, options);
        Persistent = new PersistentConnections(Book, legs, Calls, Events, timers, options, loggers.CreateLogger<PersistentConnections>());
        DialViaOffice = new DialViaOffice(Book, legs, Calls, Events, Persistent, options, loggers.CreateLogger<DialViaOffice>());
        RemoteDeviceLineCalls? lineCalls = null;
        LineCalls = lineCalls = new RemoteDeviceLineCalls(new B2buaLineCalls(b2bua.ThirdParty, id => lineCalls!.DeviceOf(id)), Calls, Events);
        MidCall = new MidCallControl(Calls, legs, Persistent, Events, new CallTransfer(Book, legs, Calls, Persistent, Events),
            new CallConference(legs, Calls, Persistent, Events), LineCalls);
        var routing = new RemoteDeviceRouting(Book, Persistent, legs);
        // Calls to an RD's line are delivered on its persistent connection, or ring its active remote destination and
        // become CTI line calls (Offering/Connected/Disconnected).
        b2bua.AddTargetSource(new RemoteDestinationTargets(routing, b2bua, LineCalls, loggers.CreateLogger<RemoteDestinationTargets>()));
        b2bua.AddCallEvents(new LineCallEvents(LineCalls));
        CallSettings = new DeviceCallSettings(Book, (d, destination) =>
        {
            var decision = b2bua.Analyze(b2bua.Plan.CallerFromDevice(d.Name), destination, d.PrimaryDn);
            return decision.Result switch
            {
                SipGateway.Routing.RoutingResult.Route or SipGateway.Routing.RoutingResult.DirectoryNumber => null,
                SipGateway.Routing.RoutingResult.Block => $"blocked ({decision.BlockReason})",
                SipGateway.Routing.RoutingResult.Unallocated => "it matches nothing in the device's calling search space",
                _ => decision.Error ?? decision.Result.ToString(),
            };
        }, Events, db.CtiDeviceCallSettings);
        // CTI Call Forward All / Do Not Disturb apply to the device's lines when the B2BUA reads their rules.
        b2bua.Lines.Overrides = CallSettings;
        // The agent side dropped under a delivered customer call: the customer is hung up too.
        Persistent.DeliveredCallOrphaned += id => b2bua.ThirdParty.Hangup(id, 480, "Temporarily Unavailable (persistent connection ended)");
        Persistent.DeliveredCallDisconnectRequested += id => b2bua.ThirdParty.Hangup(id, 200, "disconnected by CTI request");
    }

    public ExtendConnectOptions Options { get; }
    public RemoteDestinationBook Book { get; }
    public CtiEventHub Events { get; }
    public RemoteDeviceRegistrations Registrations { get; }
    public CtiCallRegistry Calls { get; }
    public PersistentConnections Persistent { get; }
    public DialViaOffice DialViaOffice { get; }
    public MidCallControl MidCall { get; }
    public RemoteDeviceLineCalls LineCalls { get; }
    public DeviceCallSettings CallSettings { get; }

    /// <summary>The CTI application a bearer key belongs to (Cti:Applications:&lt;name&gt;:ApiKey); null when none.</summary>
    public string? ApplicationOf(string? apiKey)
    {
        if (string.IsNullOrEmpty(apiKey)) return null;
        foreach (var (name, key) in Options.ApiKeys)
            if (System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.UTF8.GetBytes(key), System.Text.Encoding.UTF8.GetBytes(apiKey)))
                return name;
        return null;
    }
}
