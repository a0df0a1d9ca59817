using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SipGateway.Features.ExtendConnect.Calls;
using SipGateway.Features.ExtendConnect.Events;
using SipGateway.Sip.Timing;

namespace SipGateway.Features.ExtendConnect.Tests;

/// <summary>The CTI call features over fake legs, with a timer wheel on a manual clock and every event collected.</summary>
internal sealed class CtiScenario : IDisposable
{
    public CtiScenario(TimeSpan? persistentMax = null, Func<ExtendConnectOptions, ExtendConnectOptions>? configure = null)
    {
        Rules = new ExtendConnectScenario();
        var options = Rules.Options with { PersistentConnectionMaxDuration = persistentMax ?? TimeSpan.FromMinutes(720) };
        if (configure is not null) options = configure(options);
        Clock = new FakeTimeProvider();
        Timers = new TimerWheel(Clock, TimeSpan.FromMilliseconds(10));
        Events = new CtiEventHub();
        Subscription = Events.Subscribe("test");
        Persistent = new PersistentConnections(Rules.Book, Legs, Calls, Events, Timers, options, NullLogger.Instance);
        Dvo = new DialViaOffice(Rules.Book, Legs, Calls, Events, Persistent, options, NullLogger.Instance);
        MidCall = new MidCallControl(Calls, Legs, Persistent, Events, new CallTransfer(Rules.Book, Legs, Calls, Persistent, Events),
            new CallConference(Legs, Calls, Persistent, Events), LineCalls = new RemoteDeviceLineCalls(LineControl, Calls, Events));
    }

    public ExtendConnectScenario Rules { get; }
    public FakeTimeProvider Clock { get; }
    public TimerWheel Timers { get; }
    public CtiEventHub Events { get; }
    public CtiEventHub.Subscription Subscription { get; }
    public FakeCtiLegs Legs { get; } = new();
    public CtiCallRegistry Calls { get; } = new();
    public PersistentConnections Persistent { get; }
    public DialViaOffice Dvo { get; }
    public MidCallControl MidCall { get; }
    public FakeLineCallControl LineControl { get; } = new();
    public RemoteDeviceLineCalls LineCalls { get; }
    private readonly List<CtiEvent> _seen = [];

    public void Advance(TimeSpan by)
    {
        Clock.Advance(by);
        Timers.RunDue();
    }

    public IReadOnlyList<CtiEvent> Seen()
    {
        while (Subscription.Reader.TryRead(out var e)) _seen.Add(e);
        return _seen;
    }

    public IReadOnlyList<string> Names(string? callId = null) =>
        Seen().Where(e => callId is null || e.Fields.TryGetValue("callId", out var c) && (string?)c == callId).Select(e => e.Name).ToList();

    public void Dispose() => Rules.Dispose();
}
