using System.Runtime.CompilerServices;
using SipGateway.Sip.Message;
using SipGateway.Sip.Transport;
using SipGateway.Sip.Transactions.Tests.Support;

namespace SipGateway.Sip.Transactions.Tests.Transactions;

/// <summary>A transaction lingering after its final response (Timers J, L, D: 32 s on UDP) no longer holds its user's
/// handlers, so it does not keep the user's call objects alive; notifications due before the release still arrive.</summary>
public class HandlerReleaseTests
{
    /// <summary>Stands for a call: only a handler references it.</summary>
    private sealed class CallObjects
    {
        public int Notified;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference Subscribe(ServerTransaction tx)
    {
        var call = new CallObjects();
        tx.Cancelled += _ => call.Notified++;
        tx.ResponseSent += (_, _) => call.Notified++;
        tx.TimedOut += _ => call.Notified++;
        return new WeakReference(call);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference Subscribe(ClientTransaction tx, List<int> seen)
    {
        var call = new CallObjects();
        tx.ProvisionalReceived += (_, r) => { call.Notified++; seen.Add(r.StatusCode); };
        tx.FinalResponseReceived += (_, r) => { call.Notified++; seen.Add(r.StatusCode); };
        return new WeakReference(call);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int NotifiedCount(WeakReference reference) => ((CallObjects)reference.Target!).Notified;

    private static bool Collected(WeakReference reference)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return !reference.IsAlive;
    }

    [Fact]
    public void An_acknowledged_INVITE_2xx_releases_the_handlers_while_Timer_L_runs()
    {
        var s = new TestStack();
        s.Receive(TestMessages.Request(SipMethods.Invite, body: TestMessages.Sdp));
        var tx = s.User.Requests[0];
        var call = Subscribe(tx);
        var ok = tx.CreateResponse(200);
        tx.SendResponse(ok);
        Assert.Equal(TransactionState.Accepted, tx.State);
        Assert.False(Collected(call)); // not acknowledged yet: RFC 6026 lets the TU send more 2xx
        s.Receive(TestMessages.Request(SipMethods.Ack, branch: "z9hG4bKack1", toTag: ok.ToTag));
        Assert.Equal(TransactionState.Accepted, tx.State); // still absorbing INVITE retransmissions
        Assert.True(Collected(call));
        GC.KeepAlive(tx);
    }

    [Fact]
    public void A_non_2xx_final_releases_Cancelled_and_ResponseSent_but_Timer_H_still_reports()
    {
        var s = new TestStack();
        s.Receive(TestMessages.Request(SipMethods.Invite, body: TestMessages.Sdp));
        var tx = s.User.Requests[0];
        bool timedOut = false;
        tx.TimedOut += _ => timedOut = true;
        int sent = 0;
        tx.ResponseSent += (_, _) => sent++;
        tx.SendResponse(tx.CreateResponse(486));
        Assert.Equal(1, sent); // the final itself is still reported
        s.Advance(32);
        Assert.True(timedOut);
        Assert.Equal(TransactionState.Terminated, tx.State);
    }

    [Fact]
    public void A_CANCEL_is_still_reported_although_its_487_releases_the_handler()
    {
        var s = new TestStack();
        s.Receive(TestMessages.Request(SipMethods.Invite, body: TestMessages.Sdp));
        var tx = s.User.Requests[0];
        bool cancelled = false;
        tx.Cancelled += _ => cancelled = true;
        s.Receive(TestMessages.Request(SipMethods.Cancel));
        Assert.True(cancelled);
        Assert.Single(s.Sender.Responses(487));
    }

    [Fact]
    public void A_non_INVITE_final_releases_the_handlers_while_Timer_J_runs()
    {
        var s = new TestStack();
        s.Receive(TestMessages.Request(SipMethods.Bye, branch: "z9hG4bKbye1", toTag: "ours"));
        var tx = s.User.Requests[0];
        var call = Subscribe(tx);
        tx.SendResponse(tx.CreateResponse(200));
        Assert.Equal(TransactionState.Completed, tx.State);
        Assert.Equal(1, NotifiedCount(call)); // the 200 was reported
        Assert.True(Collected(call));
        GC.KeepAlive(tx);
    }

    [Fact]
    public void A_client_transaction_reports_its_final_then_releases_the_handlers_while_Timer_D_runs()
    {
        var s = new TestStack();
        var (tx, sent) = s.Send(TestMessages.Outgoing(SipMethods.Invite));
        var seen = new List<int>();
        var call = Subscribe(tx, seen);
        s.Receive(TestMessages.ResponseTo(sent, 180));
        s.Receive(TestMessages.ResponseTo(sent, 486));
        Assert.Equal([180, 486], seen);
        Assert.Equal(TransactionState.Completed, tx.State);
        Assert.True(Collected(call));
        s.Receive(TestMessages.ResponseTo(sent, 486)); // a retransmission: absorbed, the ACK resent, nothing reported
        Assert.Equal([180, 486], seen);
        GC.KeepAlive(tx);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static string MethodOf(ServerTransaction tx) => tx.Request.Method;

    /// <summary>Receives a request made here, so the test's own frame holds no reference to it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference ReceiveWatched(TestStack s, Func<SipRequest> make)
    {
        var request = make();
        s.Receive(request);
        return new WeakReference(request);
    }

    [Fact]
    public void A_completed_non_INVITE_transaction_lets_go_of_its_request_yet_answers_retransmissions_until_Timer_J()
    {
        var s = new TestStack();
        var request = ReceiveWatched(s, () => TestMessages.Request(SipMethods.Bye, branch: "z9hG4bKbye2", toTag: "ours"));
        var tx = s.User.Requests[0];
        Assert.False(Collected(request)); // the user may still read it until it answers
        Assert.Equal(SipMethods.Bye, MethodOf(tx)); // (in a helper: a debug build keeps a temporary alive to the end of its frame)
        tx.SendResponse(tx.CreateResponse(200));
        Assert.True(Collected(request));
        Assert.Throws<InvalidOperationException>(() => tx.Request);

        // A late answer is refused, not an exception; a retransmitted BYE gets the same 200 again (§17.2.2).
        Assert.False(tx.SendResponse(tx.CreateResponse(500)));
        s.Receive(TestMessages.Request(SipMethods.Bye, branch: "z9hG4bKbye2", toTag: "ours"));
        var oks = s.Sender.Responses(200).Select(m => m.Response).ToList();
        Assert.Equal(2, oks.Count);
        Assert.Equal(oks[0].ToTag, oks[1].ToTag);
        Assert.Empty(s.Sender.Responses(500));
        Assert.Single(s.User.Requests); // absorbed, not a new request

        s.Advance(31.9);
        Assert.Equal(TransactionState.Completed, tx.State);
        s.Advance(0.2);
        Assert.Equal(TransactionState.Terminated, tx.State);
        Assert.Equal(0, s.Layer.ServerTransactionCount);
    }

    [Fact]
    public void Over_TCP_the_request_is_kept_since_the_transaction_ends_at_once()
    {
        var s = new TestStack();
        s.Receive(TestMessages.Request(SipMethods.Bye, branch: "z9hG4bKbye3", toTag: "ours"), SipTransportKind.Tcp);
        var tx = s.User.Requests[0];
        tx.SendResponse(tx.CreateResponse(200));
        Assert.Equal(TransactionState.Terminated, tx.State);
        Assert.Equal(SipMethods.Bye, tx.Request.Method);
    }

    [Fact]
    public void An_acknowledged_INVITE_transaction_lets_go_of_its_request_and_still_absorbs_duplicates()
    {
        var s = new TestStack();
        var request = ReceiveWatched(s, () => TestMessages.Request(SipMethods.Invite, branch: "z9hG4bKinv9", body: TestMessages.Sdp));
        var tx = s.User.Requests[0];
        var ok = tx.CreateResponse(200);
        tx.SendResponse(ok);
        Assert.False(Collected(request)); // not ACKed yet: RFC 6026 lets the TU send more 2xx
        s.Receive(TestMessages.Request(SipMethods.Ack, branch: "z9hG4bKack9", toTag: ok.ToTag));
        Assert.True(Collected(request));
        Assert.Equal(TransactionState.Accepted, tx.State);

        s.Receive(TestMessages.Request(SipMethods.Invite, branch: "z9hG4bKinv9", body: TestMessages.Sdp)); // a late duplicate
        Assert.Single(s.User.Requests);
        Assert.Single(s.Sender.Responses(200));
        Assert.False(tx.SendResponse(tx.CreateResponse(500)));

        s.Advance(5.1); // AcceptedAfterAck (T4)
        Assert.Equal(TransactionState.Terminated, tx.State);
        Assert.Equal(0, s.Layer.ServerTransactionCount);
    }
}
