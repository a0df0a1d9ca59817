using Microsoft.Extensions.Logging;
using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Message;
using SipGateway.Sip.Transactions;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// Call transfer by REFER (RFC 3515), carried out by the gateway itself as UCM does: the transferee never sees a REFER.
/// Blind (<see cref="BlindTransfer"/>): the gateway calls the Refer-To target for the transferee. Attended (Refer-To
/// with Replaces, RFC 3891): the transferor's two calls are joined. Progress reaches the transferor as NOTIFYs with
/// message/sipfrag bodies.
/// </summary>
internal sealed class CallTransfer(DialogRouter router, CallTeardown teardown, CallEventSubscribers events, TransferLegs handover,
    BlindTransfer blind, ILogger log)
{
    /// <summary>A REFER inside an answered call's dialog: accepted (202), then carried out by its kind.</summary>
    public void OnRefer(ServerTransaction tx, Dialog dialog, CallLeg transferor)
    {
        var call = transferor.Call;
        var referTo = tx.Request.Headers[HeaderId.ReferTo];
        NameAddress? target = null;
        string? error = "missing";
        if (referTo is null || !NameAddress.TryParse(referTo, out target, out error) || target is null)
        {
            tx.SendResponse(tx.CreateResponse(400, $"Bad Request (Refer-To: {error ?? "unreadable"})"));
            return;
        }
        var transferee = call.OtherLeg(transferor);
        if (!call.IsAnswered || transferee is null)
        {
            tx.SendResponse(tx.CreateResponse(403, "Forbidden (no established call to transfer)"));
            return;
        }
        var replaces = ReplacesOf(target.Uri);
        tx.SendResponse(router.CreateResponse(dialog, tx, 202, "Accepted"));
        handover.Notify(transferor, 100, "Trying", final: false);
        if (replaces is not null) Attended(call, transferor, transferee, replaces.Value);
        else blind.Start(call, transferor, transferee, target.Uri.UserUnescaped ?? "");
    }

    private void Attended(Call call, CallLeg transferor, CallLeg transferee, (string CallId, string ToTag, string FromTag) replaces)
    {
        // The Replaces dialog is one of ours with the transferor; tags are named from either end, so try both ways.
        Dialog? other = router.TryGetDialog(new DialogId(replaces.CallId, replaces.ToTag, replaces.FromTag), out var a) ? a
            : router.TryGetDialog(new DialogId(replaces.CallId, replaces.FromTag, replaces.ToTag), out var b) ? b : null;
        if (other?.UserState is not CallLeg otherTransferorLeg || otherTransferorLeg.Call is not { } call2 || ReferenceEquals(call2, call)
            || !call2.IsAnswered || call2.OtherLeg(otherTransferorLeg) is not { } target)
        {
            handover.Notify(transferor, 481, "Call/Transaction Does Not Exist (Replaces names no call of the transferor)", final: true);
            return;
        }
        // The target leg moves from the consultation call into the transferred one; the consultation call ends.
        lock (call2.Gate)
        {
            if (ReferenceEquals(call2.Inbound, target)) call2.Inbound = null; else call2.Outbound = null;
            call2.Relay = null; // its legs now belong elsewhere or are released below
        }
        GeneratedAudio.StopMusicOnHold(call2);
        SessionTimers.Disarm(call2);
        otherTransferorLeg.Dialog!.UserState = null;
        teardown.End(call2, 200, "Normal call clearing (joined by an attended transfer)");
        otherTransferorLeg.Media.Dispose();
        if (otherTransferorLeg.Dialog is { State: DialogState.Confirmed } d2) handover.SendBye(d2, "Call transferred");
        target.Call = call;
        lock (call.Gate) call.Forwards.Add($"Attended transfer: {transferor.Peer} joined {transferee.Peer} and {target.Peer}");
        handover.Replace(call, transferor, target, startNewLeg: false);
        handover.Notify(transferor, 200, "OK", final: true);
        handover.DropTransferor(transferor, "Call transferred");
        log.AttendedTransfer(call.Id, transferee.Peer, target.Peer);
        events.Transferred(call);
    }

    /// <summary>The Replaces header carried in a Refer-To URI ("?Replaces=callid%3Bto-tag%3Dx%3Bfrom-tag%3Dy").</summary>
    private static (string CallId, string ToTag, string FromTag)? ReplacesOf(SipUri uri)
    {
        if (uri.Headers is not { } headers) return null;
        foreach (var h in headers.Split('&'))
        {
            var eq = h.IndexOf('=');
            if (eq < 0 || !h[..eq].Equals("Replaces", StringComparison.OrdinalIgnoreCase)) continue;
            var value = Uri.UnescapeDataString(h[(eq + 1)..]);
            var parts = value.Split(';', StringSplitOptions.TrimEntries);
            string? to = null, from = null;
            foreach (var p in parts.Skip(1))
            {
                if (p.StartsWith("to-tag=", StringComparison.OrdinalIgnoreCase)) to = p[7..];
                else if (p.StartsWith("from-tag=", StringComparison.OrdinalIgnoreCase)) from = p[9..];
            }
            if (to is not null && from is not null) return (parts[0], to, from);
        }
        return null;
    }
}
