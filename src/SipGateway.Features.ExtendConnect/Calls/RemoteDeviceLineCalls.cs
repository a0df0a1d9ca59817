using System.Collections.Concurrent;
using SipGateway.Calls.CallControl;
using SipGateway.Features.ExtendConnect.Errors;
using SipGateway.Features.ExtendConnect.Events;

namespace SipGateway.Features.ExtendConnect.Calls;

/// <summary>
/// Inbound calls to a remote device's line that ring its remote destination (UCM Extend and Connect), as CTI calls:
/// Offering (caller, called DN) when the RD rings, Connected when it answers, Disconnected with the cause at the end.
/// While ringing the device may redirect (deflect) the call or disconnect (decline) it; once answered it may hold and
/// retrieve the caller, send it DTMF, or disconnect.
/// </summary>
public sealed class RemoteDeviceLineCalls(ILineCallControl control, CtiCallRegistry calls, CtiEventHub events)
{
    /// <summary>Line calls ringing or answered on a remote device, by B2BUA call id (one device per call: the first offered).</summary>
    private readonly ConcurrentDictionary<string, CtiCall> _byB2buaCall = new(StringComparer.Ordinal);
    /// <summary>Line calls call control deflected while a redirect asked of it was under way (reported when it returns).</summary>
    private readonly ConcurrentDictionary<string, CtiCall> _deflected = new(StringComparer.Ordinal);

    /// <summary>The device a B2BUA call rings or is answered on; null when it is not (or no longer) a line call.</summary>
    public string? DeviceOf(string callId) => _byB2buaCall.TryGetValue(callId, out var call) ? call.Device : null;

    /// <summary>The call rings the device's remote destination (the first device offered keeps it).</summary>
    public void Offering(string callId, string device, string? calling, string called)
    {
        if (_byB2buaCall.ContainsKey(callId)) return;
        var leg = new LineCallLeg(callId, control);
        var call = new CtiCall(calls.NextId("line"), device, CtiCallKind.Line, leg, called) { B2buaCallId = callId, State = "Offering" };
        if (!_byB2buaCall.TryAdd(callId, call)) return;
        calls.Add(call);
        Publish(call, "Offering", ("calling", calling), ("called", called));
    }

    public void Answered(string callId, string device)
    {
        if (!_byB2buaCall.TryGetValue(callId, out var call)) return;
        lock (call.Gate)
        {
            if (call.State != "Offering") return;
            call.State = "Connected";
        }
        ((LineCallLeg)call.RemoteLeg).OnAnswered();
        Publish(call, "Connected");
    }

    public void Ended(string callId, string device, int code, string reason)
    {
        if (!_byB2buaCall.TryRemove(callId, out var call)) return;
        lock (call.Gate)
        {
            if (call.State == "Disconnected") return;
            call.State = "Disconnected";
        }
        calls.Remove(call);
        ((LineCallLeg)call.RemoteLeg).OnEnded(code, reason);
        Publish(call, "Disconnected", ("cause", code), ("reason", reason));
    }

    /// <summary>Call control sent the ringing call elsewhere (a redirect): it left the device.</summary>
    public void Deflected(string callId)
    {
        if (_byB2buaCall.TryRemove(callId, out var call)) _deflected[callId] = call;
    }

    /// <exception cref="CtiException">INVALID_STATE, DESTINATION_REQUIRED, DESTINATION_NOT_REACHABLE, DIGITS_REQUIRED, NOT_SUPPORTED.</exception>
    public CtiCall Apply(CtiCall call, string operation, string? digits, string? destination)
    {
        var id = call.B2buaCallId!;
        switch (operation)
        {
            case "disconnect":
                if (!control.Disconnect(id, "disconnected by CTI request")) throw Gone(call);
                return call;
            case "hold" or "retrieve":
                bool hold = operation == "hold";
                if (call.State is not ("Connected" or "Held") || !control.Hold(id, hold))
                    throw new CtiException(new CtiError("INVALID_STATE", 409, $"call {call.Id} is {(hold ? "already held or not connected" : "not held")}"));
                call.State = hold ? "Held" : "Connected";
                Publish(call, hold ? "Held" : "Retrieved");
                return call;
            case "dtmf":
                if (string.IsNullOrEmpty(digits) || !digits.All(c => char.IsAsciiDigit(c) || c is '*' or '#' or >= 'A' and <= 'D'))
                    throw new CtiException(new CtiError("DIGITS_REQUIRED", 400, "dtmf needs { \"digits\": \"0-9 * # A-D\" }"));
                if (call.State is not ("Connected" or "Held") || !control.SendDigits(id, digits))
                    throw new CtiException(new CtiError("INVALID_STATE", 409, $"call {call.Id} is not connected"));
                return call;
            case "redirect":
                if (string.IsNullOrWhiteSpace(destination))
                    throw new CtiException(new CtiError("DESTINATION_REQUIRED", 400, "redirect needs { \"destination\" }: where to send the ringing call"));
                if (call.State != "Offering")
                    throw new CtiException(new CtiError("INVALID_STATE", 409,
                        $"call {call.Id} is {call.State}; only a ringing (Offering) line call is redirected"));
                if (control.Redirect(id, call.Device, destination.Trim()) is { } why)
                    throw new CtiException(new CtiError("DESTINATION_NOT_REACHABLE", 404, why));
                // The call left the device: it is the destination's now (its deflection was reported while the redirect ran).
                if (_byB2buaCall.TryRemove(new KeyValuePair<string, CtiCall>(id, call)) | _deflected.TryRemove(new KeyValuePair<string, CtiCall>(id, call)))
                {
                    lock (call.Gate) call.State = "Disconnected";
                    calls.Remove(call);
                    Publish(call, "Redirected", ("destination", destination.Trim()));
                    Publish(call, "Disconnected", ("cause", 302), ("reason", "redirected to " + destination.Trim()));
                }
                return call;
            default:
                throw new CtiException(new CtiError("NOT_SUPPORTED", 501,
                    $"{operation} applies to Dial Via Office calls; a line call takes disconnect, hold, retrieve, dtmf and redirect"));
        }
    }

    private static CtiException Gone(CtiCall call) => new(new CtiError("INVALID_STATE", 409, $"call {call.Id} has ended"));

    private void Publish(CtiCall call, string name, params (string, object?)[] extra) =>
        events.Publish(CtiEvent.Of(name, [("callId", call.Id), ("device", call.Device), .. extra]));
}
