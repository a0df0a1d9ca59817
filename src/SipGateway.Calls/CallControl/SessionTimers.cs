using Microsoft.Extensions.Logging;
using SipGateway.Sip.Message;
using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Timing;
using SipGateway.Sip.Transactions;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// RFC 4028 session timers on each leg, so calls through Asterisk, FreeSWITCH or CUCM trunks (which expect refreshes)
/// are not torn down after their session interval, and a peer that vanished without BYE does not hold a call forever.
/// One per B2BUA; a leg's own state is its <see cref="SessionTimer"/>.
/// </summary>
internal sealed class SessionTimers
{
    private readonly DialogRouter _router;
    private readonly ITimerScheduler _timers;
    private readonly CallControlOptions _options;
    private readonly CallTeardown _teardown;
    private readonly ILogger _log;

    public SessionTimers(DialogRouter router, ITimerScheduler timers, CallControlOptions options, CallTeardown teardown, ILogger log)
    {
        _router = router;
        _timers = timers;
        _options = options;
        _teardown = teardown;
        _log = log;
    }

    /// <summary>
    /// The session timer an incoming INVITE asks for (§9). False when the INVITE was refused: 422 with our Min-SE when
    /// its interval is too small, 400 when the header is unreadable.
    /// </summary>
    public bool TryNegotiate(ServerTransaction tx, out SessionTimer? timer)
    {
        timer = null;
        if (_options.SessionExpires <= TimeSpan.Zero) return true;
        var request = tx.Request;
        var header = request.Headers[HeaderId.SessionExpires];
        bool supportsTimer = SessionTimer.Supports(request, "timer");
        if (header is null)
        {
            // The UAC did not ask; when it supports timers the UAS may still choose one, the UAC refreshing (§9).
            if (supportsTimer) timer = new SessionTimer(_options.SessionExpires, weRefresh: false);
            return true;
        }
        if (!SessionTimer.TryParse(header, out var interval, out var refresher))
        {
            tx.SendResponse(tx.CreateResponse(400, $"Bad Request (unreadable Session-Expires: {header})"));
            return false;
        }
        if (interval < _options.MinSessionExpires)
        {
            var r = tx.CreateResponse(422, "Session Interval Too Small");
            r.Headers.Add("Min-SE", ((int)_options.MinSessionExpires.TotalSeconds).ToString());
            tx.SendResponse(r);
            return false;
        }
        // The UAC names the refresher, or leaves it to us: it refreshes when it can (§9).
        timer = new SessionTimer(interval, weRefresh: refresher == "uas" || (refresher is null && !supportsTimer));
        return true;
    }

    /// <summary>Session-Expires (and Require: timer when the peer refreshes) on a 2xx we send on <paramref name="leg"/>.</summary>
    public static void AddToAnswer(SipResponse response, CallLeg leg)
    {
        if (leg.SessionTimer is not { } st) return;
        response.Headers.Set(HeaderId.SessionExpires, $"{(int)st.Interval.TotalSeconds};refresher={(st.WeRefresh ? "uas" : "uac")}");
        if (!st.WeRefresh) response.Headers.Add(HeaderId.Require, "timer");
    }

    /// <summary>
    /// What the callee's 2xx said about session timers: it refreshes (refresher=uas) or we do (uac); none when timers
    /// are off here.
    /// </summary>
    public SessionTimer? OfAnswer(SipResponse ok) => _options.SessionExpires > TimeSpan.Zero ? Agreed(ok) : null;

    private static SessionTimer? Agreed(SipResponse ok) =>
        SessionTimer.TryParse(ok.Headers[HeaderId.SessionExpires], out var interval, out var refresher)
            ? new SessionTimer(interval, weRefresh: refresher != "uas")
            : null;

    /// <summary>(Re)arms a leg's timer: our refresh at half the interval, or the check that the peer refreshed.</summary>
    public void Arm(CallLeg leg)
    {
        if (leg.SessionTimer is not { } st) return;
        st.Pending?.Cancel();
        if (leg.Call.IsEnded) return;
        st.Pending = st.WeRefresh
            ? _timers.Schedule(st.Interval / 2, () => SendSessionRefresh(leg))
            : _timers.Schedule(st.ExpiryCheck, () => OnSessionExpired(leg));
    }

    private void OnSessionExpired(CallLeg leg)
    {
        _log.SessionExpired(leg.Call.Id, leg.Peer, leg.SessionTimer?.Interval);
        _teardown.Hangup(leg.Call, leg, 408, "Request Timeout (session timer expired, RFC 4028)");
    }

    /// <summary>
    /// A refresh of ours: UPDATE without a body when the peer allows it (no offer/answer, no ACK), else a re-INVITE
    /// with the unchanged SDP (same version: nothing changed, RFC 3264 §8).
    /// </summary>
    private void SendSessionRefresh(CallLeg leg)
    {
        var call = leg.Call;
        if (!call.IsAnswered || leg.Dialog is not { } dialog || leg.SessionTimer is not { } st) return;
        if (leg.ReInvitePending)
        {
            st.Pending = _timers.Schedule(TimeSpan.FromSeconds(2), () => SendSessionRefresh(leg));
            return;
        }
        bool update = leg.PeerAllowsUpdate || leg.LocalSdp is null;
        var request = dialog.CreateRequest(update ? SipMethods.Update : SipMethods.Invite);
        request.Headers.Add(HeaderId.SessionExpires, $"{(int)st.Interval.TotalSeconds};refresher=uac");
        request.Headers.Add(HeaderId.Supported, "timer");
        if (!update)
        {
            request.SetBody("application/sdp", leg.LocalSdp!.ToString());
            leg.ReInvitePending = true;
        }
        var tx = _router.SendRequest(dialog, request);
        // The task, not FinalResponseReceived: SendRequest has already sent the request, and a fast 200 could be
        // raised before a handler attached here, leaving the re-INVITE without its ACK (RFC 3261 §13.2.2.4) and
        // ReInvitePending stuck. The task completes even when the response came first.
        tx.FinalResponse.ContinueWith(t => OnSessionRefreshFinal(leg, dialog, st, update, t.Result), CancellationToken.None,
            TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _log.SessionRefreshSent(call.Id, request.Method, leg.Peer);
    }

    private void OnSessionRefreshFinal(CallLeg leg, Dialog dialog, SessionTimer st, bool update, SipResponse r)
    {
        var call = leg.Call;
        try
        {
            if (!update) leg.ReInvitePending = false;
            if (r.IsSuccess)
            {
                if (!update && r.CSeq is { } c) _router.SendAck(dialog, c.Number);
                if (Agreed(r) is { } agreed) { st.Interval = agreed.Interval; st.WeRefresh = agreed.WeRefresh; }
                Arm(leg);
            }
            else if (r.StatusCode == 491)
            {
                // Glare (§14.1): try again after a random 2.1–4 s, as the UA that owns the Call-ID would.
                st.Pending = _timers.Schedule(TimeSpan.FromMilliseconds(2100 + Random.Shared.Next(1900)), () => SendSessionRefresh(leg));
            }
            else if (r.StatusCode is 408 or 481)
            {
                _teardown.Hangup(call, leg, r.StatusCode, $"{r.StatusCode} {r.ReasonPhrase} (session refresh to {leg.Peer})");
            }
            else
            {
                // Any other failure leaves the session as it was (§10); the peer's own timer decides.
                Arm(leg);
            }
        }
        catch (Exception ex)
        {
            // Off the transaction layer's callback now, so nothing else would log it.
            _log.SessionRefreshFailed(ex, call.Id, leg.Peer);
        }
    }

    public static void Disarm(Call call)
    {
        call.Inbound?.SessionTimer?.Pending?.Cancel();
        call.Outbound?.SessionTimer?.Pending?.Cancel();
    }
}
