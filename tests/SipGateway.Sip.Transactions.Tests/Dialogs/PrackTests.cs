using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Message;
using SipGateway.Sip.Transactions.Tests.Support;

namespace SipGateway.Sip.Transactions.Tests.Dialogs;

/// <summary>Reliable provisional responses, RFC 3262.</summary>
public class PrackTests
{
    private static (DialogStack S, Dialog Dialog, ServerTransaction Tx, SipResponse Sent) ReliableRinging(bool supported = true)
    {
        var s = new DialogStack();
        s.Receive(TestMessages.Request(SipMethods.Invite, headers: supported ? ["Supported: 100rel, timer"] : null, body: TestMessages.Sdp));
        var tx = s.User.Requests[0].Tx;
        var dialog = s.Router.CreateUasDialog(tx, DialogStack.OurContact);
        var ringing = s.Router.CreateResponse(dialog, tx, 183);
        ringing.SetBody("application/sdp", TestMessages.Sdp);
        Assert.Equal(supported, s.Router.SendReliableProvisional(dialog, tx, ringing));
        return (s, dialog, tx, s.Sender.Responses(183).Last().Response);
    }

    private static SipRequest Prack(DialogStack s, Dialog dialog, string rack, uint cseq = 2, string branch = "z9hG4bKprack") =>
        s.FromPeer(dialog, SipMethods.Prack, cseq, branch, headers: [$"RAck: {rack}"]);

    [Fact]
    public void Reliable_provisional_carries_Require_and_RSeq_and_is_resent_doubling_without_cap()
    {
        var (s, _, _, sent) = ReliableRinging();
        Assert.Contains("100rel", sent.Headers.GetValues(HeaderId.Require));
        Assert.True(uint.TryParse(sent.Headers[HeaderId.RSeq], out var rseq) && rseq > 0);
        s.Advance(20);
        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 15.5], s.Sender.ResponseTimes(183));
        Assert.All(s.Sender.Responses(183), r => Assert.Equal(rseq.ToString(), r.Response.Headers[HeaderId.RSeq]));
    }

    [Fact]
    public void Matching_PRACK_gets_200_and_stops_the_retransmissions()
    {
        var (s, dialog, _, sent) = ReliableRinging();
        s.Advance(1);
        s.Receive(Prack(s, dialog, $"{sent.Headers[HeaderId.RSeq]} 1 INVITE"));
        var ok = Assert.Single(s.Sender.Responses(200)).Response;
        Assert.Equal(SipMethods.Prack, ok.CSeq!.Value.Method);
        Assert.Single(s.User.Pracks);
        s.Advance(30);
        Assert.Equal([0, 0.5], s.Sender.ResponseTimes(183));
        Assert.Empty(s.Sender.Responses(500));
        Assert.Single(s.User.Requests); // PRACK is consumed by the router
    }

    [Theory]
    [InlineData(1u, "1 INVITE")]   // wrong RSeq (offset below)
    [InlineData(0u, "9 INVITE")]   // wrong CSeq number
    [InlineData(0u, "1 UPDATE")]   // wrong method
    public void PRACK_that_matches_nothing_gets_481(uint rseqOffset, string rest)
    {
        var (s, dialog, _, sent) = ReliableRinging();
        var rseq = uint.Parse(sent.Headers[HeaderId.RSeq]!) + rseqOffset;
        s.Receive(Prack(s, dialog, $"{rseq} {rest}"));
        Assert.Single(s.Sender.Responses(481));
        Assert.Empty(s.User.Pracks);
        s.Advance(1);
        Assert.Equal(2, s.Sender.Responses(183).Count); // still waiting for the right PRACK
    }

    [Fact]
    public void No_PRACK_within_64_T1_rejects_the_INVITE_with_5xx()
    {
        var (s, _, tx, _) = ReliableRinging();
        s.Advance(31.99);
        Assert.Empty(s.Sender.Responses(500));
        s.Advance(0.01);
        var rejected = Assert.Single(s.Sender.Responses(500)).Response;
        Assert.Equal(SipMethods.Invite, rejected.CSeq!.Value.Method);
        Assert.Same(tx, Assert.Single(s.User.ReliableTimeouts));
    }

    [Fact]
    public void Without_100rel_support_the_provisional_goes_unreliably()
    {
        var (s, _, _, sent) = ReliableRinging(supported: false);
        Assert.Null(sent.Headers[HeaderId.RSeq]);
        s.Advance(10);
        Assert.Single(s.Sender.Responses(183));
    }

    [Fact]
    public void A_final_response_stops_the_reliable_retransmissions()
    {
        var (s, dialog, tx, _) = ReliableRinging();
        s.Advance(0.6);
        tx.SendResponse(s.Router.CreateResponse(dialog, tx, 200));
        s.Advance(30);
        Assert.Equal([0, 0.5], s.Sender.ResponseTimes(183));
        Assert.Empty(s.User.ReliableTimeouts);
    }

    [Fact]
    public void Second_reliable_provisional_waits_for_the_first_PRACK_and_gets_the_next_RSeq()
    {
        var (s, dialog, tx, first) = ReliableRinging();
        var second = s.Router.CreateResponse(dialog, tx, 180);
        Assert.True(s.Router.SendReliableProvisional(dialog, tx, second));
        Assert.Empty(s.Sender.Responses(180));
        var rseq = uint.Parse(first.Headers[HeaderId.RSeq]!);
        s.Receive(Prack(s, dialog, $"{rseq} 1 INVITE"));
        var sent = Assert.Single(s.Sender.Responses(180)).Response;
        Assert.Equal((rseq + 1).ToString(), sent.Headers[HeaderId.RSeq]);
    }

    [Fact]
    public void UAC_PRACKs_each_reliable_provisional_once()
    {
        var s = new DialogStack();
        var (_, sent) = s.PlaceCall(cseq: 1, headers: ["Supported: 100rel"]);
        var reliable = TestMessages.ResponseTo(sent, 183, headers: ["Require: 100rel", "RSeq: 7", "Record-Route: <sip:p.example.com;lr>"],
            body: TestMessages.Sdp);
        s.Receive(reliable);
        s.Receive(reliable); // retransmission: no second PRACK

        var prack = Assert.Single(s.Sender.Requests(SipMethods.Prack)).Request;
        Assert.Equal("7 1 INVITE", prack.Headers[HeaderId.RAck]);
        Assert.Equal("peer-totag", prack.ToTag);
        Assert.Equal("our-tag", prack.FromTag);
        Assert.Equal(new CSeqHeader(2, SipMethods.Prack), prack.CSeq);
        Assert.Equal("sip:2000@192.0.2.10:5062", prack.RequestUriText);
        Assert.Equal(["<sip:p.example.com;lr>"], prack.Headers.GetValues(HeaderId.Route));
        var dialog = s.Router.Snapshot().Single();
        Assert.Equal(OfferAnswerState.None, dialog.OfferAnswer); // the 183 carried the answer

        s.Receive(TestMessages.ResponseTo(sent, 180, headers: ["Require: 100rel", "RSeq: 9"])); // out of order: ignored
        Assert.Single(s.Sender.Requests(SipMethods.Prack));
        s.Receive(TestMessages.ResponseTo(sent, 180, headers: ["Require: 100rel", "RSeq: 8"]));
        var second = s.Sender.Requests(SipMethods.Prack)[1].Request;
        Assert.Equal("8 1 INVITE", second.Headers[HeaderId.RAck]);
        Assert.Equal(new CSeqHeader(3, SipMethods.Prack), second.CSeq);
    }

    [Fact]
    public void Unreliable_provisionals_are_not_PRACKed()
    {
        var s = new DialogStack();
        var (_, sent) = s.PlaceCall();
        s.Receive(TestMessages.ResponseTo(sent, 180));
        Assert.Empty(s.Sender.Requests(SipMethods.Prack));
        Assert.Single(s.Router.Snapshot());
    }
}
