using Microsoft.Extensions.Logging;
using SipGateway.Sip.Message;
using SipGateway.Sip.Timing;
using SipGateway.Sip.Transactions;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// SIP OPTIONS keepalive per trunk (UCM's "SIP OPTIONS ping"): every interval an OPTIONS goes to each trunk; no answer
/// (408 after Timer F) or a transport failure marks it out of service, and route groups skip it until any response
/// brings it back. A trunk starts in service so the first calls are not refused before the first ping.
/// </summary>
public sealed class TrunkMonitor
{
    private readonly SipTransactionLayer _layer;
    private readonly ITimerScheduler _timers;
    private readonly TrunkDirectory _trunks;
    private readonly TimeSpan _interval;
    private readonly string _domain;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly Dictionary<string, TrunkStatus> _status = new(StringComparer.Ordinal);
    private volatile bool _running;

    public TrunkMonitor(SipTransactionLayer layer, ITimerScheduler timers, TrunkDirectory trunks, TimeSpan interval, string domain, TimeProvider time, ILogger<TrunkMonitor> logger)
    {
        _time = time;
        _layer = layer;
        _timers = timers;
        _trunks = trunks;
        _interval = interval;
        _domain = domain;
        _log = logger;
        foreach (var t in trunks.All) _status[t.Name] = new TrunkStatus(t.Name, InService: true, LastStatusCode: null, LastChecked: null);
    }

    public bool IsInService(string trunk)
    {
        lock (_status) return !_status.TryGetValue(trunk, out var s) || s.InService;
    }

    public IReadOnlyList<TrunkStatus> Snapshot()
    {
        lock (_status) return [.. _status.Values.OrderBy(s => s.Name, StringComparer.Ordinal)];
    }

    public void Start()
    {
        if (_interval <= TimeSpan.Zero) return;
        _running = true;
        _timers.Schedule(TimeSpan.FromMilliseconds(200), PingAll);
    }

    public void Stop() => _running = false;

    private void PingAll()
    {
        if (!_running) return;
        foreach (var trunk in _trunks.All.Where(t => t.OptionsPing)) Ping(trunk);
        _timers.Schedule(_interval, PingAll);
    }

    private void Ping(TrunkEndpoint trunk)
    {
        var local = _layer.Sender.LocalEndPoint(trunk.Destination.Transport).Address;
        var headers = new SipHeaders();
        headers.Add(HeaderId.From, $"<sip:ping@{_domain}>;tag={SipTags.New()}");
        headers.Add(HeaderId.To, $"<sip:{trunk.Destination.Address}>");
        headers.Add(HeaderId.CallId, SipTags.NewCallId(local.Address.ToString()));
        headers.Add(HeaderId.CSeq, "1 OPTIONS");
        headers.Add(HeaderId.MaxForwards, "70");
        headers.Add(HeaderId.Contact, $"<sip:gw@{local}>");
        var options = new SipRequest(SipMethods.Options, $"sip:{trunk.Destination.Address}", headers);
        var tx = _layer.SendRequest(options, trunk.Destination);
        tx.FinalResponseReceived += (_, response) => Record(trunk, response);
    }

    private void Record(TrunkEndpoint trunk, SipResponse response)
    {
        // 408 and 503 are what the transaction layer synthesises for silence and transport failure (§17.1.2.2, §8.1.3.1).
        bool up = response.StatusCode is not (408 or 503);
        bool changed;
        lock (_status)
        {
            changed = _status[trunk.Name].InService != up;
            _status[trunk.Name] = new TrunkStatus(trunk.Name, up, response.StatusCode, _time.GetUtcNow());
        }
        if (changed)
            _log.TrunkState(up ? LogLevel.Information : LogLevel.Warning, trunk.Name, up ? "back in service" : "out of service", response.StatusCode);
    }
}

/// <summary>What GET /api/trunks shows of one trunk.</summary>
public sealed record TrunkStatus(string Name, bool InService, int? LastStatusCode, DateTimeOffset? LastChecked);
