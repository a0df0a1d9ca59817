using SipGateway.Calls;
using SipGateway.Calls.CallControl;
using SipGateway.Calls.Lines;
using SipGateway.Media.Pacing;
using SipGateway.Media.Transport;
using SipGateway.Storage;
using SipGateway.Calls.Registration;
using SipGateway.Configuration;
using SipGateway.Sip.Auth;
using SipGateway.Sip.Core;
using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Parsing;
using SipGateway.Sip.Security;
using SipGateway.Sip.Timing;
using SipGateway.Sip.Transactions;
using SipGateway.Sip.Transport;

namespace SipGateway.Hosting;

/// <summary>
/// The SIP side of the host: transports → transaction layer → dialog router → UAS core (registrar, OPTIONS, INVITE auth), with the
/// timer wheel driving every RFC 3261 timer. Started and stopped by the generic host (graceful on SIGTERM/Ctrl-C).
/// </summary>
public sealed class SipStack : IHostedService, IAsyncDisposable
{
    private readonly TimerWheelDriver _driver;
    private readonly TimerWheel _wheel;
    private readonly GatewayUserAgentCore _core;
    private readonly ILogger<SipStack> _log;
    private TimerHandle? _purge;
    /// <summary>Paces music on hold and tones into call legs.</summary>
    private readonly PacedSender _pacer;
    private volatile bool _running;

    /// <param name="time">The gateway's one clock: SIP timers, nonce and binding expiry, media pacing, paging.</param>
    /// <param name="routeHandlers">Route handlers registered with the host, consulted in registration order after digit analysis.</param>
    /// <param name="callEvents">Consumers of call events registered with the host, told after the CDR recorder.</param>
    /// <param name="targetSources">Target sources registered with the host, consulted before the features' own when a call to a DN is resolved.</param>
    public SipStack(GatewaySettings settings, IStateDatabase database, TimeProvider time, ILoggerFactory loggers,
        IEnumerable<ICallRouteHandler> routeHandlers, IEnumerable<ICallEvents> callEvents, IEnumerable<ICallTargetSource> targetSources)
    {
        _log = loggers.CreateLogger<SipStack>();
        var sip = settings.Sip;
        var capabilities = UasCapabilities.Default;
        Listener = new SipTransportListener(new SipTransportOptions
        {
            Address = sip.Address,
            Port = sip.Port,
            PublicAddress = sip.PublicAddress,
            TcpIncompleteMessageTimeout = TimeSpan.FromSeconds(sip.TcpIncompleteMessageTimeoutSeconds),
            TcpIdleTimeout = TimeSpan.FromSeconds(sip.TcpIdleTimeoutSeconds),
            UdpReceiveThreads = sip.UdpReceiveThreads,
            Limits = SipParserLimits.Default with { MaxBodyBytes = sip.MaxMessageBytes },
            MaxTcpConnectionsPerSource = settings.Security.TcpMaxConnectionsPerSource,
            TcpLimitExempt = settings.Security.TrustedAndTrunks,
            TcpFirstMessageTimeout = TimeSpan.FromSeconds(settings.Security.TcpFirstMessageSeconds),
        }, capabilities, loggers.CreateLogger<SipTransportListener>(), time);
        _wheel = new TimerWheel(time, TimeSpan.FromMilliseconds(10), logger: loggers.CreateLogger<TimerWheel>());
        _driver = new TimerWheelDriver(_wheel, TimeSpan.FromMilliseconds(10), loggers.CreateLogger<TimerWheelDriver>());
        var timers = new SipTimerSettings
        {
            T1 = TimeSpan.FromMilliseconds(sip.T1Milliseconds),
            T2 = TimeSpan.FromMilliseconds(sip.T2Milliseconds),
            T4 = TimeSpan.FromMilliseconds(sip.T4Milliseconds),
            AcceptedAfterAck = TimeSpan.FromMilliseconds(sip.AcceptedAfterAckMilliseconds),
        };
        Transactions = new SipTransactionLayer(Listener, _wheel, timers, loggers.CreateLogger<SipTransactionLayer>());
        var devices = new DeviceCredentialList(settings.Devices
            .Where(d => d.Value.Type == "SipPhone" && d.Value.AuthUser is not null && d.Value.Password is not null)
            .Select(d => new DeviceCredential(d.Key, d.Value.AuthUser!, d.Value.Password!, d.Value.Lines.Select(l => l.Dn).ToList())));
        var verifier = new DigestVerifier(settings.Registrar.Realm, new NonceIssuer(time, settings.Registrar.NonceLifetime),
            new DigestVerifierOptions { Algorithms = settings.DigestAlgorithms });
        Lockout = new DigestLockout(settings.Security.Auth, time, loggers.CreateLogger<DigestLockout>());
        Transactions.DropFromLockedSources(Lockout);
        Registrar = new Registrar(settings.Registrar, devices, verifier, time, loggers.CreateLogger<Registrar>(), Lockout);
        var core = new DeferredDialogUser();
        Dialogs = new DialogRouter(Transactions, core, loggers.CreateLogger<DialogRouter>());
        var trunks = new TrunkDirectory(settings.Trunks.Select(t => new TrunkEndpoint(t.Key,
            new SipEndPoint(t.Value.Transport == "tcp" ? SipTransportKind.Tcp : SipTransportKind.Udp, t.Value.Destination),
            t.Value.AllowedSources, t.Value.Did, t.Value.OptionsPing, t.Value.PresentDid)));
        Cdrs = database.Cdrs;
        var openFiles = OpenFileLimit.Read(); // one reading sizes both the call limit and the RTP socket budget
        Calls = new BackToBackUserAgent(Dialogs, Transactions, Registrar, settings.DialPlan, trunks,
            new RtpPortAllocator(System.Net.IPAddress.Parse(settings.Media.Address), PortRange.Parse(settings.Media.PortRange),
                OpenFileLimit.MaxRtpPairs(openFiles)),
            new CallControlOptions
            {
                MediaAddress = sip.PublicAddress ?? settings.Media.Address,
                Domain = sip.Domain,
                UserAgent = sip.UserAgent,
                MemberSetupTimeout = TimeSpan.FromSeconds(settings.Calls.MemberSetupTimeoutSeconds),
                NoAnswerTimeout = TimeSpan.FromSeconds(settings.Calls.NoAnswerTimeoutSeconds),
                SessionExpires = TimeSpan.FromSeconds(settings.Calls.SessionExpiresSeconds),
                MinSessionExpires = TimeSpan.FromSeconds(settings.Calls.MinSessionExpiresSeconds),
                MeetMeNumbers = settings.Calls.MeetMeNumbers.ToHashSet(),
                UnallocatedAnnouncement = settings.Calls.UnallocatedAnnouncement is { Length: > 0 } ua ? settings.Announcements.Get(ua) : null,
                Ringback = settings.Calls.GenerateRingback ? settings.Media.Tones.Ringback : null,
                MusicOnHold = settings.Announcements.TryGet(settings.Calls.MusicOnHold, out var moh) ? moh : null,
                MaxCalls = OpenFileLimit.MaxCalls(settings.Calls.MaxCalls, openFiles),
            },
            Cdrs, _wheel, time, loggers.CreateLogger<BackToBackUserAgent>(), LineRulesOf(settings),
            _pacer = new PacedSender(threads: 1, time));
        Trunks = new TrunkMonitor(Transactions, _wheel, trunks, TimeSpan.FromSeconds(settings.Calls.OptionsPingSeconds), sip.Domain, time,
            loggers.CreateLogger<TrunkMonitor>());
        Calls.Monitor = Trunks;
        // Meet-me numbers first: a call dialled to one joins its bridge whatever digit analysis made of the digits.
        Calls.AddRouteHandler(Calls.Conferences);
        foreach (var handler in routeHandlers) Calls.AddRouteHandler(handler);
        foreach (var consumer in callEvents) Calls.AddCallEvents(consumer);
        foreach (var source in targetSources) Calls.AddTargetSource(source);
        _log.LogInformation("At most {MaxCalls} calls at once (Calls:MaxCalls {Configured}, open-file limit {OpenFiles})",
            Calls.MaxCalls, settings.Calls.MaxCalls, openFiles?.ToString() ?? "unknown");
        if (settings.Paging is { } paging)
        {
            Paging = new Features.Paging.PagingServer(paging, _pacer, settings.Media.Tones,
                device => settings.Devices.TryGetValue(device, out var d) && d.Lines.Any(l => Calls.Lines.ActiveCalls(l.Dn) > 0),
                new HttpClient { Timeout = paging.JoinTimeout }, time, loggers.CreateLogger<Features.Paging.PagingServer>(), Calls);
            Calls.AddRouteHandler(new Features.Paging.DialCastRouteHandler(Paging));
        }
        ExtendConnect = new SipGateway.Features.ExtendConnect.ExtendConnectFeature(settings.ExtendConnect, Calls, database,
            _wheel, loggers);
        _core = new GatewayUserAgentCore(Registrar, verifier, devices, capabilities, sip.UserAgent, loggers.CreateLogger<GatewayUserAgentCore>(), Calls, Lockout);
        core.Target = _core;
    }

    private static LineDirectory LineRulesOf(GatewaySettings settings) => new(settings.Devices.Values
        .SelectMany(d => d.Lines)
        .Select(l => new LineRules
        {
            Dn = l.Dn, MaxCalls = l.MaxCalls, BusyTrigger = l.BusyTrigger,
            ForwardAll = ForwardOf(l.CallForwardAll), ForwardBusy = ForwardOf(l.CallForwardBusy), ForwardNoAnswer = ForwardOf(l.CallForwardNoAnswer),
            NoAnswerRingDuration = TimeSpan.FromSeconds(l.NoAnswerRingDurationSeconds),
            DoNotDisturb = l.DoNotDisturb,
            DoNotDisturbOption = l.DndOption == "RingerOff" ? DoNotDisturbOption.RingerOff : DoNotDisturbOption.CallReject,
        }));

    private static CallForward? ForwardOf(CallForwardOptions? o) => o is null ? null : new CallForward(o.Destination, o.Css);

    public SipTransportListener Listener { get; }
    public SipTransactionLayer Transactions { get; }
    public DialogRouter Dialogs { get; }
    public BackToBackUserAgent Calls { get; }
    public ICdrStore Cdrs { get; }
    public TrunkMonitor Trunks { get; }
    public Registrar Registrar { get; }
    /// <summary>The SIP digest password-guessing lockout (Security:Auth).</summary>
    public DigestLockout Lockout { get; }
    /// <summary>The paging server (DialCast numbers), when "Paging" is configured.</summary>
    public Features.Paging.PagingServer? Paging { get; private set; }
    public SipGateway.Features.ExtendConnect.ExtendConnectFeature ExtendConnect { get; }
    public bool IsRunning => _running;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _driver.Start();
        Listener.Start(Transactions);
        SchedulePurge();
        Trunks.Start();
        _running = true;
        return Task.CompletedTask;
    }

    /// <summary>Expired bindings already vanish from lookups; this frees their memory every 30 s.</summary>
    private void SchedulePurge() => _purge = _wheel.Schedule(TimeSpan.FromSeconds(30), () =>
    {
        Registrar.PurgeExpired();
        if (_running) SchedulePurge();
    });

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _running = false;
        _purge?.Cancel();
        Trunks.Stop();
        _log.LogInformation("Stopping SIP on {Address}", Listener.BoundEndPoint);
        await Listener.DisposeAsync();
        await _driver.StopAsync();
        _pacer.Dispose();
        // CDRs of the calls that just ended are still queued: write them before the process exits.
        Cdrs.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await Listener.DisposeAsync();
        await _driver.DisposeAsync();
    }
}

public static class SipStackRegistration
{
    public static IServiceCollection AddSipStack(this IServiceCollection services)
    {
        services.AddSingleton<SipStack>();
        services.AddHostedService(sp => sp.GetRequiredService<SipStack>());
        return services;
    }
}
