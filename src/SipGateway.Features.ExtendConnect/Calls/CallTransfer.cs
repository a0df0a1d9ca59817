using SipGateway.Features.ExtendConnect.Errors;
using SipGateway.Features.ExtendConnect.Events;
using SipGateway.Features.ExtendConnect.RemoteDestinations;

namespace SipGateway.Features.ExtendConnect.Calls;

/// <summary>
/// Transfer of a Dial Via Office call by its remote device: blind (the far party is joined to a new call to a
/// destination, analysed with the device's CSS, once it answers) or consult (the far parties of two of the device's
/// calls, one usually held, are joined). The remote destination leaves: its leg is hung up, or a persistent
/// connection is given back. The joined parties then clear each other when one hangs up.
/// </summary>
public sealed class CallTransfer(RemoteDestinationBook book, ICtiLegFactory legs, CtiCallRegistry calls, PersistentConnections persistent, CtiEventHub events)
{
    /// <exception cref="CtiException">INVALID_STATE, DESTINATION_REQUIRED, DESTINATION_NOT_REACHABLE, CALL_NOT_FOUND, NOT_SAME_DEVICE.</exception>
    public CtiCall Transfer(CtiCall call, string? destination, string? consultCallId)
    {
        var far = call.RequireConnectedDialViaOffice("transferred");
        if (!string.IsNullOrEmpty(consultCallId)) return Consult(call, far, consultCallId);
        if (string.IsNullOrWhiteSpace(destination))
            throw new CtiException(new CtiError("DESTINATION_REQUIRED", 400,
                "transfer needs { \"destination\" } (blind) or { \"consultCallId\" } (complete a consult transfer)"));
        var device = book.RequireDevice(call.Device);
        var target = legs.ToDestination(device, destination);
        target.Answered += _ =>
        {
            if (far.IsEnded) { target.Hangup(200, "transferred party gone"); return; }
            Complete(call, far, target, ("destination", destination));
        };
        target.Ended += (_, code, reason) =>
        {
            if (call.State == "Transferred") return;
            events.Publish(CtiEvent.Of("TransferFailed", ("callId", call.Id), ("device", call.Device), ("destination", destination),
                ("cause", code), ("reason", reason)));
        };
        events.Publish(CtiEvent.Of("Transferring", ("callId", call.Id), ("device", call.Device), ("destination", destination)));
        target.Start();
        return call;
    }

    private CtiCall Consult(CtiCall call, ICtiLeg far, string consultCallId)
    {
        var consult = calls.Get(consultCallId);
        if (consult == call) throw new CtiException(new CtiError("INVALID_STATE", 409, "a call cannot be transferred to itself"));
        if (!string.Equals(consult.Device, call.Device, StringComparison.OrdinalIgnoreCase))
            throw new CtiException(new CtiError("NOT_SAME_DEVICE", 409, $"{consultCallId} belongs to {consult.Device}, not {call.Device}"));
        var other = consult.RequireConnectedDialViaOffice("transferred");
        Leave(consult, other);
        Complete(call, far, other, ("consultCallId", consult.Id));
        events.Publish(CtiEvent.Of("Transferred", ("callId", consult.Id), ("device", consult.Device), ("to", call.Id)));
        return call;
    }

    /// <summary>The remote destination leaves <paramref name="call"/>: the far party is retrieved and split from it.</summary>
    private void Leave(CtiCall call, ICtiLeg far)
    {
        bool wasHeld;
        lock (call.Gate)
        {
            wasHeld = call.State == "Held";
            call.State = "Transferred";
        }
        if (wasHeld) legs.Hold(far, false);
        legs.Split(far);
        calls.Remove(call);
        if (call.OnPersistentConnection && persistent.Of(call.Device) is { } pc && pc.InUseBy == call) persistent.GiveBack(pc, call);
        else call.RemoteLeg.Hangup(200, "transferred");
    }

    private void Complete(CtiCall call, ICtiLeg far, ICtiLeg to, (string, object?) detail)
    {
        Leave(call, far);
        legs.Join(far, to);
        far.Ended += (_, _, reason) => to.Hangup(200, "other party hung up: " + reason);
        to.Ended += (_, _, reason) => far.Hangup(200, "other party hung up: " + reason);
        events.Publish(CtiEvent.Of("Transferred", [("callId", call.Id), ("device", call.Device), detail]));
    }
}
