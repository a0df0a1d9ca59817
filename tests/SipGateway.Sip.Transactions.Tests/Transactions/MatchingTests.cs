using SipGateway.Sip.Message;
using SipGateway.Sip.Transactions.Tests.Support;

namespace SipGateway.Sip.Transactions.Tests.Transactions;

public class MatchingTests
{
    [Fact]
    public void Merged_request_with_a_new_branch_gets_482()
    {
        var s = new TestStack();
        s.Receive(TestMessages.Request(SipMethods.Invite, branch: "z9hG4bKpath1"));
        s.Receive(TestMessages.Request(SipMethods.Invite, branch: "z9hG4bKpath2"));

        Assert.Single(s.User.Requests);
        var loop = Assert.Single(s.Sender.Responses(482)).Response;
        Assert.Equal("z9hG4bKpath2", loop.TopVia!.Branch);
        Assert.NotNull(loop.ToTag);
    }

    [Fact]
    public void Same_identity_with_a_different_method_or_a_To_tag_is_not_merged()
    {
        var s = new TestStack();
        s.Receive(TestMessages.Request(SipMethods.Invite, branch: "z9hG4bKa"));
        s.Receive(TestMessages.Request(SipMethods.Options, branch: "z9hG4bKb", cseqMethod: SipMethods.Options));
        s.Receive(TestMessages.Request(SipMethods.Invite, branch: "z9hG4bKc", toTag: "t"));
        Assert.Empty(s.Sender.Responses(482));
        Assert.Equal(3, s.User.Requests.Count);
    }

    [Fact]
    public void Same_branch_from_a_different_sent_by_is_a_different_transaction()
    {
        var s = new TestStack();
        s.Receive(TestMessages.Request(SipMethods.Options, via: "SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKsame", callId: "a"));
        s.Receive(TestMessages.Request(SipMethods.Options, via: "SIP/2.0/UDP 192.0.2.99:5060;branch=z9hG4bKsame", callId: "b"));
        Assert.Equal(2, s.User.Requests.Count);
    }

    [Fact]
    public void ACK_to_a_non_2xx_with_a_new_branch_is_still_absorbed()
    {
        var s = new TestStack();
        s.Receive(TestMessages.Request(SipMethods.Invite, branch: "z9hG4bKinv"));
        var tx = s.User.Requests[0];
        var busy = tx.CreateResponse(486);
        tx.SendResponse(busy);

        s.Receive(TestMessages.Request(SipMethods.Ack, branch: "z9hG4bKbroken", toTag: busy.ToTag));

        Assert.Equal(TransactionState.Confirmed, tx.State);
        Assert.Empty(s.User.Acks);
        s.Advance(10);
        Assert.Single(s.Sender.Responses(486)); // Timer G stopped
    }

    [Fact]
    public void ACK_with_a_new_branch_and_a_foreign_To_tag_is_not_absorbed()
    {
        var s = new TestStack();
        s.Receive(TestMessages.Request(SipMethods.Invite, branch: "z9hG4bKinv"));
        var tx = s.User.Requests[0];
        tx.SendResponse(tx.CreateResponse(486));
        s.Receive(TestMessages.Request(SipMethods.Ack, branch: "z9hG4bKbroken", toTag: "someone-else"));
        Assert.Equal(TransactionState.Completed, tx.State);
        Assert.Single(s.User.Acks);
    }

    [Fact]
    public void RFC_2543_requests_match_without_a_magic_cookie()
    {
        var s = new TestStack();
        var old = "SIP/2.0/UDP 192.0.2.10:5060;branch=1234";
        s.Receive(TestMessages.Request(SipMethods.Invite, via: old));
        s.Receive(TestMessages.Request(SipMethods.Invite, via: old)); // retransmission
        var tx = Assert.Single(s.User.Requests);
        Assert.True(tx.Key.IsRfc2543);
        Assert.Equal(2, s.Sender.Responses(100).Count);

        var busy = tx.CreateResponse(486);
        tx.SendResponse(busy);
        // §17.2.3: the ACK matches on Request-URI, From tag, Call-ID, CSeq number, top Via and the response's To tag.
        s.Receive(TestMessages.Request(SipMethods.Ack, via: old, toTag: "wrong"));
        Assert.Equal(TransactionState.Completed, tx.State);
        s.Receive(TestMessages.Request(SipMethods.Ack, via: old, toTag: busy.ToTag));
        Assert.Equal(TransactionState.Confirmed, tx.State);
    }

    [Fact]
    public void RFC_2543_requests_without_any_branch_match_and_can_be_cancelled()
    {
        var s = new TestStack();
        var old = "SIP/2.0/UDP 192.0.2.10:5060";
        s.Receive(TestMessages.Request(SipMethods.Invite, via: old));
        var tx = Assert.Single(s.User.Requests);
        s.Receive(TestMessages.Request(SipMethods.Cancel, via: old));
        Assert.Single(s.Sender.Responses(487));
        Assert.True(tx.IsCancelled);
    }

    [Fact]
    public void RFC_2543_requests_differing_in_CSeq_are_different_transactions()
    {
        var s = new TestStack();
        var old = "SIP/2.0/UDP 192.0.2.10:5060";
        s.Receive(TestMessages.Request(SipMethods.Options, via: old, cseq: 1));
        s.Receive(TestMessages.Request(SipMethods.Options, via: old, cseq: 2));
        Assert.Equal(2, s.User.Requests.Count);
    }

    [Fact]
    public void Messages_without_Via_or_CSeq_are_dropped_without_throwing()
    {
        var s = new TestStack();
        var bad = TestMessages.Request(SipMethods.Options);
        bad.Headers.RemoveAll(HeaderId.Via);
        s.Receive(bad);
        var badResponse = new SipResponse(200, "OK");
        s.Receive(badResponse);
        Assert.Empty(s.User.Requests);
        Assert.Empty(s.Sender.All);
    }
}
