using Microsoft.Extensions.Logging;
using SipGateway.Media.Relay;
using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Message;
using SipGateway.Sip.Transactions;
using SipGateway.Storage;

namespace SipGateway.Calls.CallControl;

public sealed partial class BackToBackUserAgent
{
    private void OnCallerCancelled(Call call)
    {
        List<OutboundAttempt> pending;
        lock (call.Gate)
        {
            if (call.State is CallState.Answered or CallState.Ended) return;
            pending = call.Attempts.Where(a => !a.Abandoned).ToList();
            foreach (var a in pending) a.Abandoned = true;
        }
        foreach (var a in pending) _layer.Cancel((InviteClientTransaction)a.Transaction, CancelReasons.CallerCancelled);
        End(call, 487, "Request Terminated (caller cancelled)");
    }

    // The call is ended (cause recorded) before the final response goes out: sending it ends the early dialog, and
    // that must not be mistaken for the cause.
    private void Reject(Call call, int code, string reason)
    {
        End(call, code, reason);
        // After a forward on no answer the caller's early dialog exists: the final response belongs to it.
        if (call.Inbound?.Dialog is { } dialog)
            call.InboundInvite.SendResponse(_router.CreateResponse(dialog, call.InboundInvite, code, reason));
        else
            call.InboundInvite.SendResponse(call.InboundInvite.CreateResponse(code, reason));
    }

    private void FailCall(Call call, int code, string reason)
    {
        lock (call.Gate) if (call.State is CallState.Answered or CallState.Ended) return;
        End(call, code, reason);
        if (call.Inbound?.Dialog is { } dialog)
            call.InboundInvite.SendResponse(_router.CreateResponse(dialog, call.InboundInvite, code, reason));
        else
            call.InboundInvite.SendResponse(call.InboundInvite.CreateResponse(code, reason));
    }

    /// <summary>Ends an answered call from one side: BYE to the other side (with a Reason, RFC 3326), CDR, media released.</summary>
    private void Hangup(Call call, CallLeg from, int code, string reason)
    {
        // Marked ended first: sending BYE ends dialogs, and those ends must not be taken for the cause.
        if (!MarkEnded(call, code, reason)) return;
        var other = OtherLeg(call, from);
        foreach (var leg in new[] { other, code != 200 ? from : null })
        {
            if (leg?.Dialog is not { State: DialogState.Confirmed } d) continue;
            var bye = d.CreateRequest(SipMethods.Bye);
            bye.Headers.Add("Reason", $"SIP;cause={code};text=\"{reason.Replace("\"", "'")}\"");
            _router.SendRequest(d, bye);
        }
        Release(call);
    }

    private void End(Call call, int code, string reason)
    {
        if (MarkEnded(call, code, reason)) Release(call);
    }

    private static bool MarkEnded(Call call, int code, string reason)
    {
        lock (call.Gate)
        {
            if (call.State == CallState.Ended) return false;
            call.State = CallState.Ended;
            call.EndUtc = DateTimeOffset.UtcNow;
            call.CauseCode = code;
            call.CauseText = reason;
            return true;
        }
    }

    private void Release(Call call)
    {
        _calls.TryRemove(call.Id, out _);
        StopMusicOnHold(call);
        StopRingback(call);
        LeaveConference(call);
        EndPage(call);
        ReleasePersistentDelivery(call);
        RemoteDeviceCallEnded(call);
        DisarmSessionTimers(call);
        lock (call.Gate)
        {
            foreach (var line in call.OccupiedLines) _lines.Release(line);
            call.OccupiedLines.Clear();
        }
        RtpRelay? relay;
        CallLeg? inbound, outbound;
        lock (call.Gate) (relay, inbound, outbound) = (call.Relay, call.Inbound, call.Outbound);
        void CloseMedia()
        {
            if (relay is not null) relay.Dispose();
            else
            {
                inbound?.Media.Dispose();
                outbound?.Media.Dispose();
            }
        }
        // On the shared receive threads a leg closes in microseconds: here. Legs with their own receive thread wake and
        // join it: off the SIP thread, which must not wait on them.
        if (RtpLeg.ClosesWithoutWaiting) CloseMedia();
        else ThreadPool.UnsafeQueueUserWorkItem(_ => CloseMedia(), null);
        WriteCdr(call);
    }

    private void WriteCdr(Call call)
    {
        if (_cdrs is null) return;
        var cdr = new CallDetailRecord
        {
            CallId = call.Id, CallingOriginal = call.CallingOriginal ?? call.Caller.Device, CallingFinal = call.CallingFinal,
            CalledOriginal = call.CalledOriginal, CalledFinal = call.CalledFinal, Pattern = call.Pattern, Partition = call.Partition,
            RouteMember = call.RouteMember, InboundLeg = call.Inbound?.Peer ?? call.InboundInvite.Remote.ToString(), OutboundLeg = call.Outbound?.Peer,
            StartUtc = call.StartUtc, AnswerUtc = call.AnswerUtc, EndUtc = call.EndUtc ?? DateTimeOffset.UtcNow,
            CauseCode = call.CauseCode, CauseText = call.CauseText,
        };
        // Batched by the store's writer thread: SQLite I/O stays off the SIP threads, one commit per batch.
        try { _cdrs.Enqueue(cdr); }
        catch (ObjectDisposedException) { _log.LogWarning("CDR of call {CallId} not written: the gateway is stopping", cdr.CallId); }
    }
}
