using SipGateway.Routing;
using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Message;
using SipGateway.Sip.Timing;
using SipGateway.Sip.Transactions;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// The one engine that places outbound legs, for calls and for legs the gateway originates: sends an attempt's INVITE
/// with its handlers in place, arms the member setup and no-answer timers, cancels, confirms an answer (ACK and
/// dialog) or refuses an unwanted one, and decides failover by Routing's <see cref="FailoverRules"/>.
/// </summary>
internal sealed class OutboundLegs(DialogRouter router, SipTransactionLayer layer, ITimerScheduler timers, CallControlOptions options)
{
    /// <summary>
    /// Sends <paramref name="invite"/> for <paramref name="attempt"/>. Everything the responses need is in place before
    /// it leaves: with several receive threads (or a TCP peer's own reader) the answer can be handled on another
    /// thread before the send even returns.
    /// </summary>
    /// <param name="setupTimer">Give up on a member silent for Calls:MemberSetupTimeoutSeconds (one target at a time).</param>
    /// <param name="ringFor">The no-answer time.</param>
    public void Send(OutboundAttempt attempt, SipRequest invite, IOutboundAttemptEvents events, bool setupTimer, TimeSpan ringFor)
    {
        router.SendRequest(invite, attempt.Target.Destination, tx =>
        {
            attempt.Bind(tx);
            events.OnSending(attempt);
            if (setupTimer) attempt.SetupTimer = timers.Schedule(options.MemberSetupTimeout, () => events.OnSilent(attempt));
            attempt.NoAnswerTimer = timers.Schedule(ringFor, () => events.OnNoAnswer(attempt));
            tx.ProvisionalReceived += (_, r) =>
            {
                // Any response, a 100 Trying too, shows the member is up: its setup timer stops.
                attempt.HeardFrom = true;
                attempt.SetupTimer?.Cancel();
                events.OnProvisional(attempt, r);
            };
            tx.FinalResponseReceived += (_, r) =>
            {
                attempt.StopTimers();
                events.OnFinal(attempt, r);
            };
        });
    }

    /// <summary>CANCEL (RFC 3261 §9.1; sent once a provisional response came) with a Reason (RFC 3326).</summary>
    public void Cancel(OutboundAttempt attempt, string reason)
    {
        // Not yet bound: the INVITE has not left, there is no transaction to cancel.
        if (attempt.Transaction is InviteClientTransaction invite) layer.Cancel(invite, reason);
    }

    /// <summary>The dialog a 2xx created (the dialog router made it before the attempt hears of the answer), or null.</summary>
    public Dialog? DialogOf(SipResponse answer) =>
        DialogId.ForResponse(answer) is { } id && router.TryGetDialog(id, out var dialog) ? dialog : null;

    /// <summary>ACKs a 2xx (RFC 3261 §13.2.2.4: every 2xx, also a retransmitted or unwanted one).</summary>
    public void Acknowledge(Dialog dialog, SipResponse answer) => router.SendAck(dialog, answer.CSeq!.Value.Number);

    /// <summary>An answer nobody wants (a second fork, or a leg already given up): ACK it, then BYE (§13.2.2.4, §15).</summary>
    public void RefuseAnswer(Dialog dialog, SipResponse answer)
    {
        if (answer.CSeq is not { } cseq) return;
        router.SendAck(dialog, cseq.Number);
        router.SendRequest(dialog, dialog.CreateRequest(SipMethods.Bye));
    }

    /// <summary>UCM route list failover: the target's rules, else the dial plan's (an originated leg without a route).</summary>
    public static bool ShouldTryNext(FailoverRules? rules, FailoverRules defaults, int status) =>
        (rules ?? defaults).ShouldTryNextMember(status, mediaNegotiationStarted: false);
}
