using Microsoft.Extensions.Logging;
using SipGateway.Features.ExtendConnect.Errors;
using SipGateway.Features.ExtendConnect.Events;
using SipGateway.Features.ExtendConnect.RemoteDestinations;

namespace SipGateway.Features.ExtendConnect.Calls;

/// <summary>
/// Dial Via Office (UCM Extend and Connect): "make call to X" for a remote device first calls its active remote
/// destination, showing "Voice Connect" and the trunk's DID; when the RD answers, X is called (analysed with the
/// device's CSS) showing the device's name and DN, and the two legs are joined. The RD number is never shown to X.
/// With a connected, idle persistent connection the RD is not dialled again: X is joined onto it. Failure of either
/// leg is reported (Disconnected with failedLeg) and clears the other.
/// </summary>
public sealed class DialViaOffice
{
    private readonly RemoteDestinationBook _book;
    private readonly ICtiLegFactory _legs;
    private readonly CtiCallRegistry _calls;
    private readonly CtiEventHub _events;
    private readonly PersistentConnections _persistent;
    private readonly ExtendConnectOptions _options;
    private readonly ILogger _log;

    public DialViaOffice(RemoteDestinationBook book, ICtiLegFactory legs, CtiCallRegistry calls, CtiEventHub events, PersistentConnections persistent,
        ExtendConnectOptions options, ILogger logger)
    {
        _book = book;
        _legs = legs;
        _calls = calls;
        _events = events;
        _persistent = persistent;
        _options = options;
        _log = logger;
    }

    /// <exception cref="CtiException">DEVICE_NOT_FOUND, NO_ACTIVE_RD, DESTINATION_REQUIRED, DESTINATION_NOT_REACHABLE, RD_NOT_REACHABLE.</exception>
    public CtiCall MakeCall(string device, string? destination)
    {
        var d = _book.RequireDevice(device);
        if (string.IsNullOrWhiteSpace(destination))
            throw new CtiException(new CtiError("DESTINATION_REQUIRED", 400, "the request needs { \"destination\": \"digits to dial\" }"));
        var rd = _book.Active(d.Name) ?? throw new CtiException(CtiError.NoActive(d.Name));
        var far = _legs.ToDestination(d, destination);
        var id = _calls.NextId("dvo");
        CtiCall call;
        PersistentConnection? pc = null;
        var placeholder = new CtiCall(id, d.Name, CtiCallKind.DialViaOffice, far, destination);
        pc = _persistent.TryBorrow(d.Name, placeholder);
        ICtiLeg remote;
        try
        {
            remote = pc?.Leg ?? _legs.ToRemoteDestination(d, rd, _options.VoiceConnectName, number: null);
        }
        catch
        {
            far.Hangup(500, "remote destination leg could not be placed");
            throw;
        }
        call = new CtiCall(id, d.Name, CtiCallKind.DialViaOffice, remote, destination) { FarLeg = far, OnPersistentConnection = pc is not null };
        if (pc is not null) pc.InUseBy = call;
        _calls.Add(call);
        far.Ringing += _ => Publish(call, "Dialing", ("leg", "destination"));
        far.Answered += _ => OnFarAnswered(call);
        far.Ended += (_, code, reason) => OnLegEnded(call, far, pc, code, reason);
        remote.Ended += (_, code, reason) => OnLegEnded(call, remote, pc, code, reason);
        _log.DialViaOfficeStarted(id, d.Name, destination, rd.Number, pc is null ? "" : " (persistent connection)");
        if (pc is not null)
        {
            call.State = "Accepted";
            Publish(call, "Accepted", ("leg", "remote-destination"), ("persistentConnection", pc.Call.Id));
            far.Start();
        }
        else
        {
            remote.Ringing += _ => { call.State = "Offering"; Publish(call, "Offering", ("leg", "remote-destination"), ("remoteDestination", rd.Number)); };
            remote.Answered += _ =>
            {
                call.State = "Accepted";
                Publish(call, "Accepted", ("leg", "remote-destination"));
                far.Start();
            };
            remote.Start();
        }
        return call;
    }

    private void OnFarAnswered(CtiCall call)
    {
        try { _legs.Join(call.RemoteLeg, call.FarLeg!); }
        catch (InvalidOperationException ex)
        {
            _log.DialViaOfficeCannotJoin(call.Id, ex.Message);
            call.FarLeg!.Hangup(500, "Server Internal Error (remote destination gone)");
            return;
        }
        call.State = "Connected";
        Publish(call, "Connected");
    }

    private void OnLegEnded(CtiCall call, ICtiLeg ended, PersistentConnection? pc, int code, string reason)
    {
        bool remoteEnded = ended == call.RemoteLeg;
        lock (call.Gate)
        {
            // Transferred or Conferenced: the legs now belong to the transfer (CallTransfer) or conference (CallConference).
            if (call.State is "Disconnected" or "Transferred" or "Conferenced") return;
            bool connected = call.State is "Connected" or "Held";
            call.State = "Disconnected";
            _calls.Remove(call);
            Publish(call, "Disconnected", ("cause", code), ("reason", reason),
                ("failedLeg", connected && code == 200 ? null : remoteEnded ? "remote-destination" : "destination"),
                ("endedBy", remoteEnded ? "remote-destination" : "destination"));
        }
        if (remoteEnded) call.FarLeg!.Hangup(code == 200 ? 200 : 487, "other leg ended: " + reason);
        else if (pc is not null) _persistent.GiveBack(pc, call);
        else call.RemoteLeg.Hangup(code == 200 ? 200 : 487, "other leg ended: " + reason);
    }

    private void Publish(CtiCall call, string name, params (string, object?)[] extra) =>
        _events.Publish(CtiEvent.Of(name, [("callId", call.Id), ("device", call.Device), .. extra]));
}
