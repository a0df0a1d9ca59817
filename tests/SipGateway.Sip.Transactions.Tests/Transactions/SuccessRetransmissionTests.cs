using SipGateway.Sip.Message;
using SipGateway.Sip.Transactions.Tests.Support;
using SipGateway.Sip.Transport;

namespace SipGateway.Sip.Transactions.Tests.Transactions;

/// <summary>The UAS core resends a 2xx to INVITE until the ACK (RFC 3261 §13.3.1.4).</summary>
public class SuccessRetransmissionTests
{
    private static (TestStack Stack, ServerTransaction Tx, SipResponse Ok) Answered(SipTransportKind transport = SipTransportKind.Udp)
    {
        var s = new TestStack();
        s.Receive(TestMessages.Request(SipMethods.Invite, transport: transport.ViaName(), body: TestMessages.Sdp), transport);
        var tx = s.User.Requests[0];
        var ok = tx.CreateResponse(200);
        ok.Headers.Add(HeaderId.Contact, "<sip:1000@10.0.0.1:5060>");
        tx.SendResponse(ok);
        return (s, tx, ok);
    }

    [Fact]
    public void The_2xx_is_resent_with_T1_doubling_to_T2_until_the_ACK()
    {
        var (s, tx, ok) = Answered();
        Assert.Equal(TransactionState.Accepted, tx.State);
        s.Advance(12);
        s.Receive(TestMessages.Request(SipMethods.Ack, branch: "z9hG4bKack1", toTag: ok.ToTag));
        s.Advance(30);

        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 11.5], s.Sender.ResponseTimes(200));
        var ack = Assert.Single(s.User.Acks);
        Assert.Equal(SipMethods.Ack, ((SipRequest)ack.Message).Method);
        Assert.Empty(s.User.AckTimeouts);
        Assert.Equal(0, s.Layer.UnacknowledgedSuccessCount);
    }

    [Fact]
    public void Without_ACK_the_layer_gives_up_after_64_T1_and_tells_the_TU()
    {
        var (s, tx, ok) = Answered();
        s.Advance(31.99);
        Assert.Empty(s.User.AckTimeouts);
        s.Advance(0.01);
        var timeout = Assert.Single(s.User.AckTimeouts);
        Assert.Same(tx, timeout.Transaction);
        Assert.Equal(200, timeout.Response.StatusCode);
        int sent = s.Sender.Responses(200).Count;
        s.Advance(60);
        Assert.Equal(sent, s.Sender.Responses(200).Count);
        Assert.Equal(0, s.Layer.UnacknowledgedSuccessCount);
    }

    [Fact]
    public void Over_TCP_the_2xx_is_not_resent_but_the_ACK_wait_still_ends()
    {
        var (s, _, _) = Answered(SipTransportKind.Tcp);
        s.Advance(32);
        Assert.Single(s.Sender.Responses(200));
        Assert.Single(s.User.AckTimeouts);
    }

    [Fact]
    public void INVITE_retransmissions_after_the_2xx_are_absorbed_not_new_calls()
    {
        var (s, tx, _) = Answered();
        s.Advance(0.2);
        s.Receive(TestMessages.Request(SipMethods.Invite, body: TestMessages.Sdp));
        Assert.Single(s.User.Requests);
        s.Advance(32); // Timer L
        Assert.Equal(TransactionState.Terminated, tx.State);
    }

    [Fact]
    public void After_the_ACK_the_transaction_absorbs_duplicates_for_T4_then_ends_instead_of_all_of_Timer_L()
    {
        var (s, tx, ok) = Answered();
        s.Advance(0.1);
        s.Receive(TestMessages.Request(SipMethods.Ack, branch: "z9hG4bKack1", toTag: ok.ToTag));
        s.Advance(4.9);
        s.Receive(TestMessages.Request(SipMethods.Invite, body: TestMessages.Sdp)); // a delayed duplicate: absorbed
        Assert.Single(s.User.Requests);
        Assert.Equal(TransactionState.Accepted, tx.State);
        s.Advance(0.1); // T4 after the ACK
        Assert.Equal(TransactionState.Terminated, tx.State);
        Assert.Equal(0, s.Layer.ServerTransactionCount);
    }

    [Fact]
    public void With_AcceptedAfterAck_zero_the_full_Timer_L_is_kept()
    {
        var s = new TestStack(new SipTimerSettings { AcceptedAfterAck = TimeSpan.Zero });
        s.Receive(TestMessages.Request(SipMethods.Invite, body: TestMessages.Sdp));
        var tx = s.User.Requests[0];
        var ok = tx.CreateResponse(200);
        tx.SendResponse(ok);
        s.Receive(TestMessages.Request(SipMethods.Ack, branch: "z9hG4bKack1", toTag: ok.ToTag));
        s.Advance(31.9);
        Assert.Equal(TransactionState.Accepted, tx.State);
        s.Advance(0.1);
        Assert.Equal(TransactionState.Terminated, tx.State);
    }
}
