using SipGateway.Features.ExtendConnect.Errors;
using SipGateway.Features.ExtendConnect.Events;

namespace SipGateway.Features.ExtendConnect.Calls;

/// <summary>
/// Conference of two Dial Via Office calls of one remote device (UCM "Conference" from a CTI application: an active
/// call, usually held, and a consult call): the remote destination and both far parties are mixed in one bridge; the
/// consult call's own leg to the remote destination leaves (hung up, or a persistent connection given back). Both CTI
/// calls stay, state Conferenced: disconnecting one drops its far party. As parties leave the others stay connected
/// (UCM keeps an ad hoc conference when its controller leaves); the last one left alone is released.
/// </summary>
public sealed class CallConference(ICtiLegFactory legs, CtiCallRegistry calls, PersistentConnections persistent, CtiEventHub events)
{
    private long _next;

    /// <exception cref="CtiException">CONSULT_CALL_REQUIRED, CALL_NOT_FOUND, NOT_SAME_DEVICE, NOT_ALLOWED_ON_PERSISTENT_CONNECTION, INVALID_STATE.</exception>
    public CtiCall Conference(CtiCall call, string? consultCallId)
    {
        if (string.IsNullOrWhiteSpace(consultCallId))
            throw new CtiException(new CtiError("CONSULT_CALL_REQUIRED", 400,
                "conference needs { \"consultCallId\" }: the device's other call (made while this one is held) whose far party joins"));
        var consult = calls.Get(consultCallId);
        if (consult == call) throw new CtiException(new CtiError("INVALID_STATE", 409, "a call cannot be conferenced with itself"));
        if (!string.Equals(consult.Device, call.Device, StringComparison.OrdinalIgnoreCase))
            throw new CtiException(new CtiError("NOT_SAME_DEVICE", 409, $"{consultCallId} belongs to {consult.Device}, not {call.Device}"));
        if (consult.Kind == CtiCallKind.PersistentConnection)
            throw new CtiException(new CtiError("NOT_ALLOWED_ON_PERSISTENT_CONNECTION", 409,
                $"{consultCallId} is the persistent connection itself; conference the call joined onto it"));
        var x = call.RequireConnectedDialViaOffice("conferenced");
        var y = consult.RequireConnectedDialViaOffice("conferenced");
        var rd = call.RemoteLeg;
        if (!rd.IsAnswered || rd.IsEnded)
            throw new CtiException(new CtiError("INVALID_STATE", 409, $"the remote destination of {call.Id} is not connected"));

        bool callHeld, consultHeld;
        lock (call.Gate) lock (consult.Gate)
        {
            if (call.State is not ("Connected" or "Held") || consult.State is not ("Connected" or "Held"))
                throw new CtiException(new CtiError("INVALID_STATE", 409, $"{call.Id} is {call.State} and {consult.Id} is {consult.State}"));
            callHeld = call.State == "Held";
            consultHeld = consult.State == "Held";
            // From here the calls' own leg handlers (Dial Via Office) step aside: the conference owns the legs.
            call.State = consult.State = "Conferenced";
        }
        if (callHeld) legs.Hold(x, false);
        if (consultHeld) legs.Hold(y, false);
        // The consult call's leg to the remote destination is not needed: the RD talks on the first call's leg.
        legs.Split(consult.RemoteLeg);
        if (consult.OnPersistentConnection && persistent.Of(consult.Device) is { } pc && pc.InUseBy == consult) persistent.GiveBack(pc, consult);
        else consult.RemoteLeg.Hangup(200, "conferenced");

        var conference = new Membership($"conf-{Interlocked.Increment(ref _next)}", call, consult);
        try { legs.Conference([rd, x, y]); }
        catch (CtiException)
        {
            // A party hung up while the conference was being set up: both calls end as they would have.
            foreach (var leg in new[] { rd, x, y }) if (!leg.IsEnded) leg.Hangup(200, "conference could not be set up");
            Disconnect(call, 500, "conference could not be set up", "gateway", conference.Id);
            Disconnect(consult, 500, "conference could not be set up", "gateway", conference.Id);
            throw;
        }
        events.Publish(CtiEvent.Of("Conferenced", ("callId", call.Id), ("consultCallId", consult.Id), ("device", call.Device),
            ("conferenceId", conference.Id), ("parties", 3)));
        rd.Ended += (_, code, reason) => Left(conference, rd, code, reason);
        x.Ended += (_, code, reason) => Left(conference, x, code, reason);
        y.Ended += (_, code, reason) => Left(conference, y, code, reason);
        // A leg that ended before its handler was attached is counted now (Left is idempotent per leg).
        foreach (var leg in new[] { rd, x, y }) if (leg.IsEnded) Left(conference, leg, 200, "ended while conferencing");
        return call;
    }

    private void Disconnect(CtiCall call, int code, string reason, string endedBy, string conferenceId)
    {
        lock (call.Gate)
        {
            if (call.State == "Disconnected") return;
            call.State = "Disconnected";
        }
        calls.Remove(call);
        events.Publish(CtiEvent.Of("Disconnected", ("callId", call.Id), ("device", call.Device), ("cause", code), ("reason", reason),
            ("endedBy", endedBy), ("conferenceId", conferenceId)));
    }

    /// <summary>A party's leg ended: its call is reported; the others stay; one left alone is released.</summary>
    private void Left(Membership conference, ICtiLeg leg, int code, string reason)
    {
        if (!conference.Remove(leg, out var alone)) return;
        var (call, consult) = (conference.Call, conference.Consult);
        if (leg == call.RemoteLeg)
        {
            // The device left: neither call is its any more; the far parties stay together.
            Disconnect(call, code, reason, "remote-destination", conference.Id);
            Disconnect(consult, code, reason, "remote-destination", conference.Id);
        }
        else Disconnect(leg == call.FarLeg ? call : consult, code, reason, "destination", conference.Id);
        if (alone is null) return;
        if (alone == call.RemoteLeg && call.OnPersistentConnection && persistent.Of(call.Device) is { } pc && pc.InUseBy == call)
            persistent.GiveBack(pc, call);
        else alone.Hangup(200, "last party in the conference");
    }

    /// <summary>Who is still in one conference: the remote destination (on the first call's leg) and the two far parties.</summary>
    private sealed class Membership(string id, CtiCall call, CtiCall consult)
    {
        private readonly HashSet<ICtiLeg> _present = [call.RemoteLeg, call.FarLeg!, consult.FarLeg!];

        public string Id { get; } = id;
        public CtiCall Call { get; } = call;
        public CtiCall Consult { get; } = consult;

        /// <summary>False when the leg had already left; <paramref name="alone"/> is the one party left, if only one is.</summary>
        public bool Remove(ICtiLeg leg, out ICtiLeg? alone)
        {
            lock (_present)
            {
                alone = null;
                if (!_present.Remove(leg)) return false;
                if (_present.Count == 1) alone = _present.Single();
                return true;
            }
        }
    }
}
