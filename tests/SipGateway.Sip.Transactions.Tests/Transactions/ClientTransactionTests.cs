using SipGateway.Sip.Message;
using SipGateway.Sip.Transactions.Tests.Support;
using SipGateway.Sip.Transport;

namespace SipGateway.Sip.Transactions.Tests.Transactions;

public class ClientTransactionTests
{
    [Fact]
    public async Task Timer_A_doubles_without_cap_and_Timer_B_gives_408()
    {
        var s = new TestStack();
        var (tx, _) = s.Send(TestMessages.Outgoing(SipMethods.Invite));

        s.Advance(31.9);
        Assert.False(tx.FinalResponse.IsCompleted);
        s.Advance(0.1);

        // Sent at 0, then after 0.5, 1, 2, 4, 8, 16 s: the interval passes T2 (4 s) because Timer A has no cap.
        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5], s.Sender.RequestTimes(SipMethods.Invite));
        Assert.True(tx.FinalResponse.IsCompleted);
        Assert.Equal(408, (await tx.FinalResponse).StatusCode);
        Assert.Equal(TransactionState.Terminated, tx.State);
        Assert.Equal(0, s.Layer.ClientTransactionCount);
        s.Advance(100);
        Assert.Equal(7, s.Sender.Requests(SipMethods.Invite).Count);
    }

    [Fact]
    public void Timer_A_follows_a_configured_T1()
    {
        var s = new TestStack(new SipTimerSettings { T1 = TimeSpan.FromMilliseconds(100), T2 = TimeSpan.FromMilliseconds(200) });
        s.Send(TestMessages.Outgoing(SipMethods.Invite));
        s.Advance(10);
        // 64*T1 = 6.4 s; intervals 0.1, 0.2, 0.4, 0.8, 1.6, 3.2.
        Assert.Equal([0, 0.1, 0.3, 0.7, 1.5, 3.1, 6.3], s.Sender.RequestTimes(SipMethods.Invite).Select(t => Math.Round(t, 3)));
    }

    [Fact]
    public async Task Timer_E_doubles_up_to_T2_and_Timer_F_gives_408()
    {
        var s = new TestStack();
        var (tx, _) = s.Send(TestMessages.Outgoing(SipMethods.Options));
        s.Advance(32);

        // Intervals 0.5, 1, 2, 4, then T2 = 4 s flat.
        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5], s.Sender.RequestTimes(SipMethods.Options));
        Assert.Equal(408, (await tx.FinalResponse).StatusCode);
        Assert.Equal(0, s.Layer.ClientTransactionCount);
    }

    [Fact]
    public void Timer_E_is_T2_once_a_provisional_arrived()
    {
        var s = new TestStack();
        var (tx, sent) = s.Send(TestMessages.Outgoing(SipMethods.Options));
        var provisionals = new List<int>();
        tx.ProvisionalReceived += (_, r) => provisionals.Add(r.StatusCode);
        s.Advance(0.2);
        s.Receive(TestMessages.ResponseTo(sent, 100));
        Assert.Equal(TransactionState.Proceeding, tx.State);
        s.Advance(10);
        // The pending 0.5 s timer fires in Proceeding, after which it re-arms at T2.
        Assert.Equal([0, 0.5, 4.5, 8.5], s.Sender.RequestTimes(SipMethods.Options));
        Assert.Equal([100], provisionals);
    }

    [Theory]
    [InlineData(SipMethods.Invite)]
    [InlineData(SipMethods.Options)]
    public async Task Nothing_is_retransmitted_over_TCP_but_timeouts_still_apply(string method)
    {
        var s = new TestStack();
        var (tx, sent) = s.Send(TestMessages.Outgoing(method), SipTransportKind.Tcp);
        Assert.Contains("SIP/2.0/TCP", sent.Headers[HeaderId.Via]);
        s.Advance(31.99);
        Assert.Single(s.Sender.Requests(method));
        Assert.False(tx.FinalResponse.IsCompleted);
        s.Advance(0.01);
        Assert.Equal(408, (await tx.FinalResponse).StatusCode);
        Assert.Single(s.Sender.Requests(method));
    }

    [Fact]
    public async Task Non_2xx_is_acknowledged_inside_the_transaction_per_17_1_1_3()
    {
        var s = new TestStack();
        var invite = TestMessages.Outgoing(SipMethods.Invite, cseq: 7,
            headers: ["Route: <sip:proxy1.example.com;lr>", "Route: <sip:proxy2.example.com;lr>"], body: TestMessages.Sdp);
        var (tx, sent) = s.Send(invite);
        var branch = sent.TopVia!.Branch;

        s.Advance(0.1);
        s.Receive(TestMessages.ResponseTo(sent, 486, toTag: "busy-tag"));

        var final = await tx.FinalResponse;
        Assert.Equal(486, final.StatusCode);
        var ack = Assert.Single(s.Sender.Requests(SipMethods.Ack)).Request;
        Assert.Equal(sent.RequestUriText, ack.RequestUriText);
        Assert.Equal(branch, ack.TopVia!.Branch);
        Assert.Single(ack.Vias);
        Assert.Equal("busy-tag", ack.ToTag);
        Assert.Equal(sent.FromTag, ack.FromTag);
        Assert.Equal(sent.CallId, ack.CallId);
        Assert.Equal(new CSeqHeader(7, SipMethods.Ack), ack.CSeq);
        Assert.Equal(["<sip:proxy1.example.com;lr>", "<sip:proxy2.example.com;lr>"], ack.Headers.GetValues(HeaderId.Route));
        Assert.True(ack.Body.IsEmpty);
        Assert.Equal(TransactionState.Completed, tx.State);
    }

    [Fact]
    public void Timer_D_absorbs_retransmitted_finals_and_resends_the_ACK()
    {
        var s = new TestStack();
        var (tx, sent) = s.Send(TestMessages.Outgoing(SipMethods.Invite));
        int finals = 0;
        tx.FinalResponseReceived += (_, _) => finals++;
        var busy = TestMessages.ResponseTo(sent, 486);
        s.Receive(busy);
        s.Advance(1);
        s.Receive(busy);
        s.Advance(30.9);
        s.Receive(busy);
        Assert.Equal(3, s.Sender.Requests(SipMethods.Ack).Count);
        Assert.Equal(1, finals);
        Assert.Equal(1, s.Layer.ClientTransactionCount);

        s.Advance(0.1); // Timer D = 32 s after the first 486
        Assert.Equal(TransactionState.Terminated, tx.State);
        Assert.Equal(0, s.Layer.ClientTransactionCount);
        s.Receive(busy);
        Assert.Equal(3, s.Sender.Requests(SipMethods.Ack).Count);
        Assert.Single(s.Sender.Requests(SipMethods.Invite)); // the 486 stopped Timer A at once
    }

    [Fact]
    public void Timer_D_is_zero_over_TCP()
    {
        var s = new TestStack();
        var (tx, sent) = s.Send(TestMessages.Outgoing(SipMethods.Invite), SipTransportKind.Tcp);
        s.Receive(TestMessages.ResponseTo(sent, 603), SipTransportKind.Tcp);
        Assert.Single(s.Sender.Requests(SipMethods.Ack));
        Assert.Equal(TransactionState.Terminated, tx.State);
        Assert.Equal(0, s.Layer.ClientTransactionCount);
    }

    [Fact]
    public async Task A_2xx_terminates_the_INVITE_transaction_and_is_not_acknowledged_by_it()
    {
        var s = new TestStack();
        var (tx, sent) = s.Send(TestMessages.Outgoing(SipMethods.Invite));
        var provisional = new List<int>();
        tx.ProvisionalReceived += (_, r) => provisional.Add(r.StatusCode);
        s.Receive(TestMessages.ResponseTo(sent, 180));
        s.Receive(TestMessages.ResponseTo(sent, 200));
        Assert.Equal(200, (await tx.FinalResponse).StatusCode);
        Assert.Equal([180], provisional);
        Assert.Empty(s.Sender.Requests(SipMethods.Ack));
        Assert.Equal(0, s.Layer.ClientTransactionCount);

        // §13.2.2.4: the retransmitted 2xx goes to the TU, which re-sends its ACK.
        s.Receive(TestMessages.ResponseTo(sent, 200));
        Assert.Single(s.User.Strays);
    }

    [Fact]
    public void Provisionals_stop_Timer_A_and_Timer_B()
    {
        var s = new TestStack();
        var (tx, sent) = s.Send(TestMessages.Outgoing(SipMethods.Invite));
        s.Advance(0.7);
        s.Receive(TestMessages.ResponseTo(sent, 100));
        s.Advance(120);
        Assert.Equal([0, 0.5], s.Sender.RequestTimes(SipMethods.Invite));
        Assert.Equal(TransactionState.Proceeding, tx.State);
        Assert.False(tx.FinalResponse.IsCompleted);
    }

    [Fact]
    public void Timer_K_absorbs_final_retransmissions_for_T4()
    {
        var s = new TestStack();
        var (tx, sent) = s.Send(TestMessages.Outgoing(SipMethods.Options));
        int finals = 0;
        tx.FinalResponseReceived += (_, _) => finals++;
        var ok = TestMessages.ResponseTo(sent, 200);
        s.Receive(ok);
        s.Advance(4.9);
        s.Receive(ok);
        Assert.Equal(1, finals);
        Assert.Equal(TransactionState.Completed, tx.State);
        Assert.Single(s.Sender.Requests(SipMethods.Options));
        s.Advance(0.1);
        Assert.Equal(TransactionState.Terminated, tx.State);
        s.Receive(ok);
        Assert.Equal(1, finals);
        Assert.Empty(s.User.Strays); // a non-INVITE 2xx is never a stray for the TU
    }

    [Fact]
    public void Timer_K_is_zero_over_TCP()
    {
        var s = new TestStack();
        var (tx, sent) = s.Send(TestMessages.Outgoing(SipMethods.Options), SipTransportKind.Tcp);
        s.Receive(TestMessages.ResponseTo(sent, 200), SipTransportKind.Tcp);
        Assert.Equal(TransactionState.Terminated, tx.State);
    }

    [Theory]
    [InlineData(SipMethods.Invite)]
    [InlineData(SipMethods.Bye)]
    public async Task Transport_failure_gives_the_TU_a_503(string method)
    {
        var s = new TestStack();
        s.Sender.FailWhen = _ => true;
        var tx = s.Layer.SendRequest(TestMessages.Outgoing(method), Peer.Udp);
        s.Advance(0.001);
        var final = await tx.FinalResponse;
        Assert.Equal(503, final.StatusCode);
        Assert.Equal(TransactionState.Terminated, tx.State);
        Assert.Equal(0, s.Layer.ClientTransactionCount);
    }

    [Fact]
    public void The_layer_adds_Via_with_a_magic_cookie_branch_and_Max_Forwards()
    {
        var s = new TestStack();
        var (tx, sent) = s.Send(TestMessages.Outgoing(SipMethods.Options));
        var via = sent.TopVia!;
        Assert.True(via.HasRfc3261Branch);
        Assert.Equal("10.0.0.1", via.Host);
        Assert.Equal(5060, via.Port);
        Assert.True(via.HasRport);
        Assert.Equal(70, sent.MaxForwards);
        Assert.Equal(via.Branch, tx.Key.Branch);
    }

    [Fact]
    public void Responses_match_on_branch_and_CSeq_method()
    {
        var s = new TestStack();
        var (tx, sent) = s.Send(TestMessages.Outgoing(SipMethods.Invite));
        // Same branch, different method (e.g. the 200 to our CANCEL) must not complete the INVITE.
        var wrongMethod = TestMessages.ResponseTo(sent, 200);
        wrongMethod.Headers.Set(HeaderId.CSeq, "1 CANCEL");
        s.Receive(wrongMethod);
        var otherBranch = TestMessages.ResponseTo(sent, 486);
        otherBranch.Headers.Set(HeaderId.Via, "SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bKother");
        s.Receive(otherBranch);
        Assert.False(tx.FinalResponse.IsCompleted);
        Assert.Equal(TransactionState.Calling, tx.State);
    }
}
