using Microsoft.Extensions.Logging;
using SipGateway.Features.ExtendConnect.Errors;
using SipGateway.Features.ExtendConnect.Events;
using SipGateway.Features.ExtendConnect.RemoteDestinations;
using SipGateway.Sip.Timing;

namespace SipGateway.Features.ExtendConnect.Calls;

/// <summary>
/// Persistent connections (UCM Extend and Connect): one long-lived call per device to its active remote destination,
/// set up on a CTI request and reused for later calls without re-dialling. Rules: an active RD is required; a second
/// request while one exists or is being set up is refused; it has its own call id; the longest-active-call timer drops
/// it; when the active RD is reset it drops as soon as no other call uses it.
/// </summary>
public sealed class PersistentConnections
{
    private readonly object _gate = new();
    private readonly Dictionary<string, PersistentConnection> _byDevice = new(StringComparer.OrdinalIgnoreCase);
    private readonly RemoteDestinationBook _book;
    private readonly ICtiLegFactory _legs;
    private readonly CtiCallRegistry _calls;
    private readonly CtiEventHub _events;
    private readonly ITimerScheduler _timers;
    private readonly ExtendConnectOptions _options;
    private readonly ILogger _log;

    public PersistentConnections(RemoteDestinationBook book, ICtiLegFactory legs, CtiCallRegistry calls, CtiEventHub events, ITimerScheduler timers,
        ExtendConnectOptions options, ILogger logger)
    {
        _book = book;
        _legs = legs;
        _calls = calls;
        _events = events;
        _timers = timers;
        _options = options;
        _log = logger;
        book.ActiveChanged += (device, _) => OnActiveReset(device.Name);
    }

    public PersistentConnection? Of(string device)
    {
        lock (_gate) return _byDevice.GetValueOrDefault(device);
    }

    public bool IsPersistentConnection(string callId)
    {
        lock (_gate) return _byDevice.Values.Any(p => p.Call.Id == callId);
    }

    /// <param name="whisperAnnouncement">A Media:Announcements name played to the agent before each customer; "" for none;
    /// null for ExtendConnect:WhisperAnnouncement.</param>
    /// <exception cref="CtiException">DEVICE_NOT_FOUND, NO_ACTIVE_RD, PC_EXISTS, RD_NOT_REACHABLE, ANNOUNCEMENT_NOT_FOUND.</exception>
    public CtiCall Create(string device, string? callerName, string? callerNumber, string? whisperAnnouncement = null)
    {
        var whisper = WhisperOf(whisperAnnouncement);
        var d = _book.RequireDevice(device);
        var rd = _book.Active(d.Name) ?? throw new CtiException(CtiError.NoActive(d.Name));
        PersistentConnection pc;
        lock (_gate)
        {
            if (_byDevice.TryGetValue(d.Name, out var existing))
                throw new CtiException(new CtiError("PC_EXISTS", 409,
                    $"device {d.Name} already has a persistent connection ({existing.Call.Id}, {(existing.IsConnected ? "connected" : "being set up")})"));
            var leg = _legs.ToRemoteDestination(d, rd, string.IsNullOrWhiteSpace(callerName) ? _options.VoiceConnectName : callerName,
                string.IsNullOrWhiteSpace(callerNumber) ? d.PrimaryDn : callerNumber);
            var call = new CtiCall(_calls.NextId("pc"), d.Name, CtiCallKind.PersistentConnection, leg, null) { OnPersistentConnection = true };
            pc = new PersistentConnection(call) { Whisper = whisper };
            _byDevice[d.Name] = pc;
            _calls.Add(call);
        }
        pc.Leg.Answered += _ => OnAnswered(pc);
        pc.Leg.Ended += (_, code, reason) => OnEnded(pc, code, reason);
        // UCM's longest active call timer bounds even an idle persistent connection.
        pc.MaxDurationTimer = _timers.Schedule(_options.PersistentConnectionMaxDuration, () => Drop(pc, 200, "longest active call timer expired"));
        Publish(pc, "PersistentConnectionInitiated", ("remoteDestination", rd.Number));
        pc.Leg.Start();
        return pc.Call;
    }

    private Media.Audio.AudioClip? WhisperOf(string? name)
    {
        if (name is null) return _options.WhisperAnnouncement;
        if (name.Length == 0) return null;
        if (_options.Announcements is { } library && library.TryGet(name, out var clip)) return clip;
        var known = _options.Announcements is { } l ? string.Join(", ", l.Names.Order()) : "none";
        throw new CtiException(new CtiError("ANNOUNCEMENT_NOT_FOUND", 400,
            $"whisperAnnouncement '{name}' is not in Media:Announcements (known: {known}); \"\" plays none"));
    }

    /// <summary>Takes the device's connected, idle persistent connection for <paramref name="user"/>; null when there is none.</summary>
    public PersistentConnection? TryBorrow(string device, CtiCall user)
    {
        lock (_gate)
        {
            if (!_byDevice.TryGetValue(device, out var pc) || !pc.IsConnected || pc.InUseBy is not null || pc.DropWhenIdle) return null;
            pc.InUseBy = user;
            return pc;
        }
    }

    /// <summary>
    /// A customer call for the device arrives: when its persistent connection is connected and idle, the call is
    /// delivered on it (Offering) instead of ringing the remote destination again.
    /// </summary>
    public (PersistentConnection Connection, CtiCall Call)? TryDeliver(string device, string b2buaCallId)
    {
        PersistentConnection? pc;
        CtiCall call;
        lock (_gate)
        {
            if (!_byDevice.TryGetValue(device, out pc) || !pc.IsConnected || pc.InUseBy is not null || pc.DropWhenIdle) return null;
            call = new CtiCall(_calls.NextId("in"), pc.Device, CtiCallKind.Delivered, pc.Leg, null)
            {
                OnPersistentConnection = true, B2buaCallId = b2buaCallId, State = "Offering",
            };
            pc.InUseBy = call;
        }
        _calls.Add(call);
        _events.Publish(CtiEvent.Of("Offering", ("callId", call.Id), ("device", call.Device), ("persistentConnection", pc.Call.Id)));
        return (pc, call);
    }

    /// <param name="alertMs">How long the whisper and zip tone took to play (measured), 0 when nothing played.</param>
    public void DeliveredConnected(CtiCall call, double alertMs = 0)
    {
        call.State = "Connected";
        // elapsedMs: from the customer's INVITE reaching call routing to the media joined (whisper/zip tone included);
        // alertMs: the part of it spent playing the whisper and zip tone to the agent.
        _events.Publish(CtiEvent.Of("Connected", ("callId", call.Id), ("device", call.Device),
            ("elapsedMs", Math.Round(System.Diagnostics.Stopwatch.GetElapsedTime(call.CreatedTimestamp).TotalMilliseconds, 2)),
            ("alertMs", Math.Round(alertMs, 2))));
    }

    public void DeliveredReleased(PersistentConnection pc, CtiCall call, int code, string reason)
    {
        call.State = "Disconnected";
        _calls.Remove(call);
        _events.Publish(CtiEvent.Of("Disconnected", ("callId", call.Id), ("device", call.Device), ("cause", code), ("reason", reason)));
        GiveBack(pc, call);
    }

    /// <summary>Raised with the B2BUA call id of a delivered call whose persistent connection dropped under it (hang it up).</summary>
    public event Action<string>? DeliveredCallOrphaned;

    /// <summary>Raised with the B2BUA call id of a delivered call a CTI client disconnected (hang up the customer only).</summary>
    public event Action<string>? DeliveredCallDisconnectRequested;

    public void DisconnectDelivered(CtiCall call)
    {
        if (call.B2buaCallId is { } id) DeliveredCallDisconnectRequested?.Invoke(id);
    }

    /// <summary>The call using the connection ended: it is idle again (or dropped, when its RD was reset meanwhile).</summary>
    public void GiveBack(PersistentConnection pc, CtiCall user)
    {
        bool drop;
        lock (_gate)
        {
            if (pc.InUseBy != user) return;
            pc.InUseBy = null;
            drop = pc.DropWhenIdle;
        }
        _legs.Split(pc.Leg);
        if (drop) Drop(pc, 200, "active remote destination reset");
        else Publish(pc, "PersistentConnectionIdle");
    }

    public void Drop(PersistentConnection pc, int code, string reason)
    {
        _log.PersistentConnectionDropping(pc.Call.Id, pc.Device, reason);
        pc.Leg.Hangup(code, reason);
        // A leg not yet started (or already ended) reports nothing more: release here as well; OnEnded is idempotent.
        OnEnded(pc, code, reason);
    }

    private void OnActiveReset(string device)
    {
        PersistentConnection? pc;
        bool dropNow;
        lock (_gate)
        {
            if (!_byDevice.TryGetValue(device, out pc)) return;
            dropNow = pc.InUseBy is null;
            if (!dropNow) pc.DropWhenIdle = true;
        }
        if (dropNow) Drop(pc, 200, "active remote destination reset");
    }

    private void OnAnswered(PersistentConnection pc)
    {
        pc.Call.State = "Connected";
        Publish(pc, "PersistentConnectionEstablished");
    }

    private void OnEnded(PersistentConnection pc, int code, string reason)
    {
        lock (_gate)
        {
            if (!_byDevice.TryGetValue(pc.Device, out var current) || current != pc) return;
            _byDevice.Remove(pc.Device);
        }
        pc.MaxDurationTimer?.Cancel();
        if (pc.InUseBy is { Kind: CtiCallKind.Delivered, B2buaCallId: { } orphan }) DeliveredCallOrphaned?.Invoke(orphan);
        pc.Call.State = "Disconnected";
        _calls.Remove(pc.Call);
        Publish(pc, "PersistentConnectionReleased", ("cause", code), ("reason", reason));
    }

    private void Publish(PersistentConnection pc, string name, params (string, object?)[] extra) =>
        _events.Publish(CtiEvent.Of(name, [("callId", pc.Call.Id), ("device", pc.Device), .. extra]));
}
