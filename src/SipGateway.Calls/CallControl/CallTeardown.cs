using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SipGateway.Calls.Conferencing;
using SipGateway.Calls.Lines;
using SipGateway.Media.Relay;
using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Message;
using SipGateway.Sip.Transactions;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// How every call ends, whatever ends it (a rejection, a failed hunt, a BYE, an unusable answer, a failed refresh, a
/// timeout, a fault in call control or a plug-in). The teardown rule: the cause is recorded first (sending a final
/// response or a BYE ends dialogs, and those ends must not be taken for the cause); a caller still waiting for a final
/// response gets one (never left ringing, RFC 3261 §13.3.1.4); attempts still ringing are cancelled and every
/// confirmed leg gets a BYE, each with a Reason (RFC 3326); the call leaves the active list, its lines and media are
/// released, and the Ended event (the CDR) tells the truth (a caller who never received a 2xx was not answered).
/// </summary>
internal sealed class CallTeardown
{
    private readonly DialogRouter _router;
    private readonly SipTransactionLayer _layer;
    private readonly ConcurrentDictionary<string, Call> _calls;
    private readonly LineDirectory _lines;
    private readonly CallEventSubscribers _events;
    private readonly CallControlOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    /// <summary>Where a call's conference seat (a transfer into a meet-me bridge) is given back.</summary>
    private readonly ConferenceNumbers _conferences;

    public CallTeardown(DialogRouter router, SipTransactionLayer layer, ConcurrentDictionary<string, Call> calls, LineDirectory lines,
        CallEventSubscribers events, CallControlOptions options, TimeProvider time, ILogger log, ConferenceNumbers conferences)
    {
        _time = time;
        _router = router;
        _layer = layer;
        _calls = calls;
        _lines = lines;
        _events = events;
        _options = options;
        _log = log;
        _conferences = conferences;
    }

    /// <summary>The caller's CANCEL (the transaction already answered it 487): every attempt still ringing is cancelled.</summary>
    public void CallerCancelled(Call call)
    {
        List<OutboundAttempt> pending;
        lock (call.Gate)
        {
            if (call.IsSettled) return;
            pending = call.AbandonPendingAttempts();
        }
        foreach (var a in pending) _layer.Cancel((InviteClientTransaction)a.Transaction, CancelReasons.CallerCancelled);
        End(call, 487, "Request Terminated (caller cancelled)");
    }

    /// <summary>Refuses the caller (or ends a call whose caller got its answer elsewhere): cause, release, final response.</summary>
    public void Reject(Call call, int code, string reason, CallWarning? warning = null)
    {
        End(call, code, reason);
        SendFinalToCaller(call, code, reason, warning);
    }

    /// <summary>As <see cref="Reject"/>, unless the call was answered or ended meanwhile.</summary>
    public void Fail(Call call, int code, string reason, CallWarning? warning = null)
    {
        lock (call.Gate) if (call.IsSettled) return;
        Reject(call, code, reason, warning);
    }

    /// <summary>
    /// Ends a call from one side (null: from the gateway itself) whatever its stage: the side that hung up with a 200
    /// cause gets no BYE, every other confirmed leg does, and a caller still waiting gets its final response.
    /// </summary>
    public void Hangup(Call call, CallLeg? from, int code, string reason, CallWarning? warning = null)
    {
        bool callerWaiting = !call.InboundInvite.HasFinalResponse;
        if (!call.End(code, reason, _time.GetUtcNow(), callerAnswered: !callerWaiting)) return;
        var other = from is null ? call.Outbound : call.OtherLeg(from);
        Bye(other, code, reason);
        // No side hung up when the gateway ends the call (from null): the caller gets its BYE whatever the cause.
        if (code != 200 || from is null) Bye(from ?? call.Inbound, code, reason);
        Release(call);
        if (callerWaiting) SendFinalToCaller(call, code, reason, warning);
    }

    /// <summary>Ends an answered call on the gateway's initiative (a CTI disconnect): BYE to both sides with a 200 cause.</summary>
    public bool Disconnect(Call call, string reason)
    {
        if (!call.End(200, reason, _time.GetUtcNow())) return false;
        Bye(call.Inbound, 200, reason);
        Bye(call.Outbound, 200, reason);
        Release(call);
        return true;
    }

    /// <summary>
    /// A fault in call control or in a plug-in (a route handler) ends the call with 500: attempts still ringing are
    /// cancelled, confirmed legs get a BYE, the caller a final response.
    /// </summary>
    public void Abort(Call call, Exception ex)
    {
        _log.CallControlFailed(ex, call.Id);
        var reason = $"Server Internal Error ({ex.GetType().Name} in call control)";
        List<OutboundAttempt> pending;
        lock (call.Gate)
        {
            pending = call.IsEnded ? [] : call.AbandonPendingAttempts();
        }
        foreach (var a in pending)
            if (a.Transaction.LastResponse is not { IsFinal: true })
                _layer.Cancel((InviteClientTransaction)a.Transaction, CancelReasons.ServerError);
        Hangup(call, from: null, 500, reason);
    }

    /// <summary>Records the end and releases the call (nothing when it had ended already).</summary>
    public void End(Call call, int code, string reason)
    {
        if (call.End(code, reason, _time.GetUtcNow())) Release(call);
    }

    private void Bye(CallLeg? leg, int code, string reason)
    {
        if (leg?.Dialog is not { State: DialogState.Confirmed } d) return;
        var bye = d.CreateRequest(SipMethods.Bye);
        bye.Headers.Add("Reason", $"SIP;cause={code};text=\"{reason.Replace("\"", "'")}\"");
        _router.SendRequest(d, bye);
    }

    /// <summary>The caller's final response, unless it has one already (a CANCEL answered it, or the call was answered).</summary>
    private void SendFinalToCaller(Call call, int code, string reason, CallWarning? warning)
    {
        var tx = call.InboundInvite;
        if (tx.HasFinalResponse) return;
        // A call that ends normally before the caller was answered still owes it a failure (§13.3.1.4).
        if (code < 300) (code, reason) = (500, $"Server Internal Error (the call ended before it was answered: {reason})");
        // After a forward on no answer the caller's early dialog exists: the final response belongs to it.
        var response = call.Inbound?.Dialog is { } dialog ? _router.CreateResponse(dialog, tx, code, reason) : tx.CreateResponse(code, reason);
        if (warning is { } w) response.Headers.Add("Warning", w.HeaderValue(_options.Domain));
        tx.SendResponse(response);
    }

    /// <summary>What the call's other collaborators hold for it (ringback, music on hold, conference seat, local
    /// answer, session timers): let go.</summary>
    private void ReleaseCollaborators(Call call)
    {
        GeneratedAudio.StopMusicOnHold(call);
        GeneratedAudio.StopRingback(call);
        ConferenceSeat? seat;
        lock (call.Gate)
        {
            seat = call.Conference;
            call.Conference = null;
        }
        if (seat is not null) _conferences.Leave(seat);
        LocalAnswerer.Release(call);
        SessionTimers.Disarm(call);
    }

    private void Release(Call call)
    {
        _calls.TryRemove(call.Id, out _);
        ReleaseCollaborators(call);
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
        // Last: consumers (the CDR among them) see the call as it ended.
        _events.Ended(call);
    }
}
