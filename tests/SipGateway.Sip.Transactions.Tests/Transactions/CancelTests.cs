using SipGateway.Sip.Message;
using SipGateway.Sip.Transactions.Tests.Support;

namespace SipGateway.Sip.Transactions.Tests.Transactions;

public class CancelTests
{
    private static SipRequest Cancel(string branch = "z9hG4bKpeer1") =>
        TestMessages.Request(SipMethods.Cancel, branch: branch);

    [Fact]
    public void CANCEL_gets_200_the_INVITE_487_and_the_TU_is_told()
    {
        var s = new TestStack();
        s.Receive(TestMessages.Request(SipMethods.Invite));
        var tx = s.User.Requests[0];
        tx.SendResponse(tx.CreateResponse(180));
        int cancelled = 0;
        tx.Cancelled += _ => cancelled++;

        s.Receive(Cancel());

        var ok = Assert.Single(s.Sender.Responses(200)).Response;
        Assert.Equal(SipMethods.Cancel, ok.CSeq!.Value.Method);
        var terminated = Assert.Single(s.Sender.Responses(487)).Response;
        Assert.Equal(SipMethods.Invite, terminated.CSeq!.Value.Method);
        Assert.Equal(tx.LocalTag, terminated.ToTag);
        Assert.Equal(tx.LocalTag, ok.ToTag); // §9.2: same To tag as the INVITE's responses
        Assert.Equal(1, cancelled);
        Assert.True(tx.IsCancelled);
        Assert.Single(s.User.Requests); // the CANCEL itself is not a TU request
        Assert.Equal(TransactionState.Completed, tx.State);

        // The TU's late answer is refused, the ACK for the 487 is absorbed.
        Assert.False(tx.SendResponse(tx.CreateResponse(200)));
        s.Receive(TestMessages.Request(SipMethods.Ack, toTag: terminated.ToTag));
        Assert.Equal(TransactionState.Confirmed, tx.State);
        Assert.Empty(s.User.Acks);

        // A retransmitted CANCEL gets the same 200 again, not another 487.
        s.Receive(Cancel());
        Assert.Equal(2, s.Sender.Responses(200).Count);
        Assert.Single(s.Sender.Responses(487));
    }

    [Fact]
    public void CANCEL_matching_nothing_gets_481()
    {
        var s = new TestStack();
        s.Receive(Cancel("z9hG4bKnothing"));
        Assert.Single(s.Sender.Responses(481));
        Assert.Empty(s.User.Requests);
    }

    [Fact]
    public void CANCEL_after_the_final_response_gets_200_and_no_487()
    {
        var s = new TestStack();
        s.Receive(TestMessages.Request(SipMethods.Invite));
        var tx = s.User.Requests[0];
        bool told = false;
        tx.Cancelled += _ => told = true;
        tx.SendResponse(tx.CreateResponse(486));
        s.Receive(Cancel());
        Assert.Single(s.Sender.Responses(200));
        Assert.Empty(s.Sender.Responses(487));
        Assert.True(told);
    }

    [Fact]
    public void UAC_CANCEL_waits_for_a_provisional_and_copies_the_INVITE_branch()
    {
        var s = new TestStack();
        var invite = TestMessages.Outgoing(SipMethods.Invite, cseq: 3, headers: ["Route: <sip:proxy.example.com;lr>"]);
        var (tx, sent) = s.Send(invite);
        var ict = Assert.IsType<InviteClientTransaction>(tx);

        Assert.True(s.Layer.Cancel(ict, "SIP;cause=487"));
        Assert.Empty(s.Sender.Requests(SipMethods.Cancel)); // §9.1: not before a provisional
        s.Advance(0.3);
        s.Receive(TestMessages.ResponseTo(sent, 180));

        var cancel = Assert.Single(s.Sender.Requests(SipMethods.Cancel)).Request;
        Assert.Equal(sent.TopVia!.Branch, cancel.TopVia!.Branch);
        Assert.Equal(sent.RequestUriText, cancel.RequestUriText);
        Assert.Equal(new CSeqHeader(3, SipMethods.Cancel), cancel.CSeq);
        Assert.Equal(sent.Headers[HeaderId.To], cancel.Headers[HeaderId.To]);
        Assert.Equal(["<sip:proxy.example.com;lr>"], cancel.Headers.GetValues(HeaderId.Route));
        Assert.Equal("SIP;cause=487", cancel.Headers["Reason"]);
    }

    [Fact]
    public async Task A_2xx_after_our_CANCEL_is_answered_with_ACK_then_BYE()
    {
        var s = new TestStack();
        var (tx, sent) = s.Send(TestMessages.Outgoing(SipMethods.Invite, cseq: 5));
        s.Receive(TestMessages.ResponseTo(sent, 180));
        s.Layer.Cancel((InviteClientTransaction)tx);
        var cancel = s.Sender.Requests(SipMethods.Cancel).Single().Request;

        s.Receive(TestMessages.ResponseTo(sent, 200, headers: ["Record-Route: <sip:rr1.example.com;lr>, <sip:rr2.example.com;lr>"]));
        s.Receive(TestMessages.ResponseTo(cancel, 200, toTag: null));

        var final = await tx.FinalResponse;
        Assert.Equal(200, final.StatusCode);
        Assert.True(((InviteClientTransaction)tx).IsCancelRequested);
        var outgoing = s.Sender.All.Select(m => m.Message).OfType<SipRequest>().Select(r => r.Method).ToList();
        Assert.Equal([SipMethods.Invite, SipMethods.Cancel, SipMethods.Ack, SipMethods.Bye], outgoing);

        var ack = s.Sender.Requests(SipMethods.Ack).Single().Request;
        var bye = s.Sender.Requests(SipMethods.Bye).Single().Request;
        Assert.Equal("sip:2000@192.0.2.10:5062", ack.RequestUriText); // the 2xx's Contact
        Assert.NotEqual(sent.TopVia!.Branch, ack.TopVia!.Branch);       // ACK for 2xx is its own transaction
        Assert.Equal(new CSeqHeader(5, SipMethods.Ack), ack.CSeq);
        Assert.Equal("peer-totag", ack.ToTag);
        Assert.Equal(["<sip:rr2.example.com;lr>", "<sip:rr1.example.com;lr>"], ack.Headers.GetValues(HeaderId.Route));
        Assert.Equal(new CSeqHeader(6, SipMethods.Bye), bye.CSeq);
        Assert.Equal("peer-totag", bye.ToTag);
        Assert.Equal(sent.FromTag, bye.FromTag);
    }

    [Fact]
    public void Cancel_after_a_final_response_is_refused()
    {
        var s = new TestStack();
        var (tx, sent) = s.Send(TestMessages.Outgoing(SipMethods.Invite));
        s.Receive(TestMessages.ResponseTo(sent, 486));
        Assert.False(s.Layer.Cancel((InviteClientTransaction)tx));
        s.Advance(1);
        Assert.Empty(s.Sender.Requests(SipMethods.Cancel));
    }
}
