using SipGateway.Features.ExtendConnect.Errors;
using SipGateway.Features.ExtendConnect.Events;

namespace SipGateway.Features.ExtendConnect.Calls;

/// <summary>
/// CTI requests on a call by id: hold and retrieve the far party, disconnect, play DTMF (RFC 4733) or the zip tone.
/// Consult transfer, conference and join are refused on a persistent connection itself (UCM rule). Redirect of an
/// answered DVO call is a blind transfer; conference mixes the RD and the far parties of two DVO calls. A call in a
/// conference takes only disconnect (drops its far party) and dtmf.
/// </summary>
public sealed class MidCallControl(CtiCallRegistry calls, ICtiLegFactory legs, PersistentConnections persistent, CtiEventHub events,
    CallTransfer? transfer = null, CallConference? conference = null, RemoteDeviceLineCalls? lineCalls = null)
{
    // Read-only: a public array could be rewritten by any caller (architecture rule: no mutable public static state).
    public static IReadOnlyList<string> Operations { get; } = ["hold", "retrieve", "disconnect", "dtmf", "play", "redirect", "transfer", "conference"];

    /// <exception cref="CtiException">CALL_NOT_FOUND, UNKNOWN_OPERATION, NOT_ALLOWED_ON_PERSISTENT_CONNECTION, INVALID_STATE, DIGITS_REQUIRED, NOT_SUPPORTED.</exception>
    public CtiCall Apply(string callId, string operation, string? digits, string? mode = null, string? destination = null, string? consultCallId = null)
    {
        var call = calls.Get(callId);
        if (!Operations.Contains(operation))
            throw new CtiException(new CtiError("UNKNOWN_OPERATION", 404, $"'{operation}' is not one of {string.Join(", ", Operations)}"));
        bool isPc = call.Kind == CtiCallKind.PersistentConnection;
        if (isPc && operation is "transfer" or "conference" or "redirect" or "hold" or "retrieve")
            throw new CtiException(new CtiError("NOT_ALLOWED_ON_PERSISTENT_CONNECTION", 409,
                $"{operation} cannot be invoked on the persistent connection {callId} itself; use the call joined onto it"));
        // An inbound line call ringing or answered on the RD is the B2BUA's: its own rules (redirect = deflect while ringing).
        if (call.Kind == CtiCallKind.Line && lineCalls is not null) return lineCalls.Apply(call, operation, digits, destination);
        if (call.State == "Conferenced" && operation is not ("disconnect" or "dtmf"))
            throw new CtiException(new CtiError("INVALID_STATE", 409, $"call {callId} is in a conference: only disconnect and dtmf apply"));
        switch (operation)
        {
            case "disconnect":
                if (isPc && persistent.Of(call.Device) is { } pc && pc.Call == call) persistent.Drop(pc, 200, "disconnected by CTI request");
                // A customer delivered on a persistent connection: hang up the customer, the connection stays up.
                else if (call.Kind == CtiCallKind.Delivered) persistent.DisconnectDelivered(call);
                else (call.FarLeg ?? call.RemoteLeg).Hangup(200, "disconnected by CTI request");
                return call;
            case "hold" or "retrieve":
                var far = RequireConnected(call);
                bool hold = operation == "hold";
                if (!legs.Hold(far, hold))
                    throw new CtiException(new CtiError("INVALID_STATE", 409, $"call {callId} is {(hold ? "already held or not connected" : "not held")}"));
                call.State = hold ? "Held" : "Connected";
                events.Publish(CtiEvent.Of(hold ? "Held" : "Retrieved", ("callId", call.Id), ("device", call.Device)));
                return call;
            case "dtmf":
                if (string.IsNullOrEmpty(digits) || !digits.All(c => char.IsAsciiDigit(c) || c is '*' or '#' or >= 'A' and <= 'D'))
                    throw new CtiException(new CtiError("DIGITS_REQUIRED", 400, "dtmf needs { \"digits\": \"0-9 * # A-D\" }"));
                // mode: rfc4733 (telephone events, default), inband (Q.23 tones in the audio) or both.
                var how = string.IsNullOrEmpty(mode) ? "rfc4733" : mode.ToLowerInvariant();
                if (how is not ("rfc4733" or "inband" or "both"))
                    throw new CtiException(new CtiError("DTMF_MODE_INVALID", 400, $"mode '{mode}' is not rfc4733, inband or both"));
                var to = call.FarLeg ?? call.RemoteLeg;
                if (!to.IsAnswered || to.IsEnded
                    || how is "rfc4733" or "both" && !legs.SendDigits(to, digits)
                    || how is "inband" or "both" && !legs.SendDigitsInBand(to, digits))
                    throw new CtiException(new CtiError("INVALID_STATE", 409, $"call {callId} is not connected"));
                return call;
            case "play":
                if (!call.RemoteLeg.IsAnswered || call.RemoteLeg.IsEnded)
                    throw new CtiException(new CtiError("INVALID_STATE", 409, $"call {callId} is not connected"));
                legs.PlayZipTone(call.RemoteLeg);
                return call;
            case "transfer" when transfer is not null:
                return transfer.Transfer(call, destination, consultCallId);
            case "redirect" when transfer is not null:
                // An answered call redirected by its device is a blind transfer of the far party (UCM "Redirect" on
                // a connected call): same legs, same events, no consult form.
                if (string.IsNullOrWhiteSpace(destination))
                    throw new CtiException(new CtiError("DESTINATION_REQUIRED", 400, "redirect needs { \"destination\" }: the number to send the far party to"));
                return transfer.Transfer(call, destination, null);
            case "conference" when conference is not null:
                return conference.Conference(call, consultCallId);
            default:
                throw new CtiException(new CtiError("NOT_SUPPORTED", 501, $"{operation} of CTI calls is not implemented by this gateway yet"));
        }
    }

    private static ICtiLeg RequireConnected(CtiCall call) =>
        call.FarLeg is { IsAnswered: true, IsEnded: false } far ? far
        : throw new CtiException(new CtiError("INVALID_STATE", 409, $"call {call.Id} is not connected"));
}
