using SipGateway.Sip.Message;
using SipGateway.Sip.Transactions.Tests.Support;
using SipGateway.Sip.Transport;

namespace SipGateway.Sip.Transactions.Tests.Transactions;

public class ServerTransactionTests
{
    private static SipRequest Invite(string branch = "z9hG4bKpeer1", string transport = "UDP") =>
        TestMessages.Request(SipMethods.Invite, branch: branch, transport: transport, body: TestMessages.Sdp);

    private static SipRequest AckFor(SipResponse response, string branch = "z9hG4bKpeer1", string transport = "UDP") =>
        TestMessages.Request(SipMethods.Ack, branch: branch, toTag: response.ToTag, transport: transport);

    [Fact]
    public void INVITE_gets_100_Trying_at_once_and_retransmissions_resend_the_latest_provisional()
    {
        var s = new TestStack();
        s.Receive(Invite());
        var tx = Assert.Single(s.User.Requests);
        var trying = Assert.Single(s.Sender.Responses(100)).Response;
        Assert.Null(trying.ToTag);
        Assert.Equal(Peer.Udp, s.Sender.Responses(100)[0].Destination);

        s.Receive(Invite());
        Assert.Equal(2, s.Sender.Responses(100).Count);
        tx.SendResponse(tx.CreateResponse(180));
        s.Receive(Invite());
        Assert.Equal(2, s.Sender.Responses(180).Count);
        Assert.Single(s.User.Requests);
        Assert.Equal(tx.LocalTag, s.Sender.Responses(180)[0].Response.ToTag);
    }

    [Fact]
    public void Timer_G_resends_the_final_capped_at_T2_and_Timer_H_reports_the_missing_ACK()
    {
        var s = new TestStack();
        s.Receive(Invite());
        var tx = s.User.Requests[0];
        bool timedOut = false;
        tx.TimedOut += _ => timedOut = true;
        tx.SendResponse(tx.CreateResponse(486));

        s.Advance(31.99);
        Assert.False(timedOut);
        s.Advance(0.01);

        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5], s.Sender.ResponseTimes(486));
        Assert.True(timedOut);
        Assert.Equal(TransactionState.Terminated, tx.State);
        Assert.Equal(0, s.Layer.ServerTransactionCount);
    }

    [Fact]
    public void ACK_confirms_then_Timer_I_absorbs_ACK_retransmissions()
    {
        var s = new TestStack();
        s.Receive(Invite());
        var tx = s.User.Requests[0];
        var busy = tx.CreateResponse(486);
        tx.SendResponse(busy);
        s.Advance(0.6);
        s.Receive(AckFor(busy));
        Assert.Equal(TransactionState.Confirmed, tx.State);

        s.Advance(2);
        s.Receive(AckFor(busy));
        s.Receive(Invite()); // a late INVITE retransmission is absorbed too
        Assert.Equal([0, 0.5], s.Sender.ResponseTimes(486));
        Assert.Empty(s.User.Acks);
        Assert.Single(s.User.Requests);

        s.Advance(3); // T4 = 5 s after the ACK at 0.6
        Assert.Equal(TransactionState.Terminated, tx.State);
        Assert.Equal(0, s.Layer.ServerTransactionCount);
    }

    [Fact]
    public void Retransmitted_INVITE_in_Completed_resends_the_final()
    {
        var s = new TestStack();
        s.Receive(Invite());
        var tx = s.User.Requests[0];
        tx.SendResponse(tx.CreateResponse(404));
        s.Advance(0.2);
        s.Receive(Invite());
        Assert.Equal([0, 0.2], s.Sender.ResponseTimes(404));
    }

    [Fact]
    public void Over_TCP_no_final_retransmissions_and_Timer_I_is_zero()
    {
        var s = new TestStack();
        s.Receive(Invite(transport: "TCP"), SipTransportKind.Tcp);
        var tx = s.User.Requests[0];
        var busy = tx.CreateResponse(486);
        tx.SendResponse(busy);
        s.Advance(10);
        Assert.Single(s.Sender.Responses(486));
        Assert.Equal(Peer.Tcp, s.Sender.Responses(486)[0].Destination);
        s.Receive(AckFor(busy, transport: "TCP"), SipTransportKind.Tcp);
        Assert.Equal(TransactionState.Terminated, tx.State);
    }

    [Fact]
    public void Timer_H_also_applies_over_TCP()
    {
        var s = new TestStack();
        s.Receive(Invite(transport: "TCP"), SipTransportKind.Tcp);
        var tx = s.User.Requests[0];
        bool timedOut = false;
        tx.TimedOut += _ => timedOut = true;
        tx.SendResponse(tx.CreateResponse(486));
        s.Advance(32);
        Assert.True(timedOut);
        Assert.Single(s.Sender.Responses(486));
    }

    [Fact]
    public void Non_INVITE_Trying_discards_then_Completed_resends_until_Timer_J()
    {
        var s = new TestStack();
        var options = TestMessages.Request(SipMethods.Options);
        s.Receive(options);
        var tx = Assert.Single(s.User.Requests);
        Assert.IsType<NonInviteServerTransaction>(tx);
        Assert.Empty(s.Sender.All); // no 100 for non-INVITE
        s.Receive(options);
        Assert.Empty(s.Sender.All); // Trying: retransmission discarded

        tx.SendResponse(tx.CreateResponse(200));
        s.Advance(10);
        s.Receive(options);
        Assert.Equal([0, 10], s.Sender.ResponseTimes(200));
        Assert.Equal(TransactionState.Completed, tx.State);
        s.Advance(22); // Timer J = 64*T1
        Assert.Equal(TransactionState.Terminated, tx.State);
        Assert.Single(s.User.Requests);

        // After Timer J the same request is new again.
        s.Receive(options);
        Assert.Equal(2, s.User.Requests.Count);
    }

    [Fact]
    public void Non_INVITE_provisional_is_resent_on_retransmission()
    {
        var s = new TestStack();
        var bye = TestMessages.Request(SipMethods.Bye, toTag: "x");
        s.Receive(bye);
        var tx = s.User.Requests[0];
        tx.SendResponse(tx.CreateResponse(100));
        s.Receive(bye);
        Assert.Equal(2, s.Sender.Responses(100).Count);
        Assert.Equal(TransactionState.Proceeding, tx.State);
    }

    [Fact]
    public void Timer_J_is_zero_over_TCP()
    {
        var s = new TestStack();
        s.Receive(TestMessages.Request(SipMethods.Options, transport: "TCP"), SipTransportKind.Tcp);
        var tx = s.User.Requests[0];
        tx.SendResponse(tx.CreateResponse(200));
        Assert.Equal(TransactionState.Terminated, tx.State);
        Assert.Equal(0, s.Layer.ServerTransactionCount);
    }

    [Fact]
    public void A_second_final_response_is_refused()
    {
        var s = new TestStack();
        s.Receive(TestMessages.Request(SipMethods.Options));
        var tx = s.User.Requests[0];
        Assert.True(tx.SendResponse(tx.CreateResponse(200)));
        Assert.False(tx.SendResponse(tx.CreateResponse(500)));
        Assert.Empty(s.Sender.Responses(500));
    }

    [Fact]
    public void Responses_without_rport_go_to_the_sent_by_port()
    {
        var s = new TestStack();
        s.Receive(TestMessages.Request(SipMethods.Options, via: "SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bKp"));
        var tx = s.User.Requests[0];
        tx.SendResponse(tx.CreateResponse(200));
        Assert.Equal(5070, s.Sender.Responses(200)[0].Destination.Address.Port);
    }

    [Fact]
    public void Responses_with_rport_go_to_the_source_port()
    {
        var s = new TestStack();
        s.Receive(TestMessages.Request(SipMethods.Options, via: "SIP/2.0/UDP 192.0.2.10:5070;rport;branch=z9hG4bKp"));
        var tx = s.User.Requests[0];
        tx.SendResponse(tx.CreateResponse(200));
        Assert.Equal(Peer.Udp, s.Sender.Responses(200)[0].Destination);
    }

    [Fact]
    public void Transport_failure_on_a_response_tells_the_TU()
    {
        var s = new TestStack();
        s.Receive(Invite());
        var tx = s.User.Requests[0];
        bool failed = false;
        tx.TransportFailed += _ => failed = true;
        s.Sender.FailWhen = m => m is SipResponse { StatusCode: 486 };
        tx.SendResponse(tx.CreateResponse(486));
        s.Advance(0.001);
        Assert.True(failed);
        Assert.Equal(TransactionState.Terminated, tx.State);
    }
}
