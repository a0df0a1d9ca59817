using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Message;
using SipGateway.Sip.Transactions.Tests.Support;

namespace SipGateway.Sip.Transactions.Tests.Dialogs;

public class DialogRouterTests
{
    [Fact]
    public void In_dialog_request_for_an_unknown_dialog_gets_481()
    {
        var s = new DialogStack();
        s.Receive(TestMessages.Request(SipMethods.Bye, toTag: "no-such-dialog", cseq: 2));
        Assert.Single(s.Sender.Responses(481));
        Assert.Empty(s.User.Requests);
    }

    [Fact]
    public void Out_of_dialog_requests_reach_the_user_without_a_dialog()
    {
        var s = new DialogStack();
        s.Receive(TestMessages.Request(SipMethods.Options));
        var (tx, dialog) = Assert.Single(s.User.Requests);
        Assert.Null(dialog);
        Assert.Equal(SipMethods.Options, tx.Request.Method);
    }

    [Fact]
    public void UAS_dialog_is_confirmed_by_the_2xx_and_ACK_reaches_the_user()
    {
        var s = new DialogStack();
        var (dialog, _, ok) = s.AcceptIncomingCall();
        Assert.Equal(DialogState.Confirmed, dialog.State);
        Assert.Equal(new DialogId("call-1@192.0.2.10", ok.ToTag!, "peer-tag"), dialog.Id);
        Assert.Equal("<sip:1000@10.0.0.1:5060>", ok.Headers[HeaderId.Contact]);
        var (ackDialog, ack) = Assert.Single(s.User.Acks);
        Assert.Same(dialog, ackDialog);
        Assert.Equal(SipMethods.Ack, ack.Method);
        Assert.Equal(0, s.Layer.UnacknowledgedSuccessCount);
    }

    [Fact]
    public void Lower_CSeq_gets_500_and_a_higher_one_passes()
    {
        var s = new DialogStack();
        var (dialog, _, _) = s.AcceptIncomingCall(cseq: 5);
        s.Receive(s.FromPeer(dialog, SipMethods.Info, 4, "z9hG4bKinfo4"));
        Assert.Single(s.Sender.Responses(500));
        Assert.Single(s.User.Requests); // only the INVITE
        s.Receive(s.FromPeer(dialog, SipMethods.Info, 6, "z9hG4bKinfo6"));
        Assert.Equal(2, s.User.Requests.Count);
        Assert.Same(dialog, s.User.Requests[1].Dialog);
        Assert.Equal(6u, dialog.RemoteSequence);
    }

    [Fact]
    public void BYE_ends_the_dialog_and_later_requests_get_481()
    {
        var s = new DialogStack();
        var (dialog, _, _) = s.AcceptIncomingCall();
        s.User.Answer = (tx, _) => tx.SendResponse(tx.CreateResponse(200));
        s.Receive(s.FromPeer(dialog, SipMethods.Bye, 2, "z9hG4bKbye"));
        Assert.Equal(DialogState.Terminated, dialog.State);
        Assert.Same(dialog, Assert.Single(s.User.Terminated));
        Assert.Equal(0, s.Router.Count);
        s.Receive(s.FromPeer(dialog, SipMethods.Info, 3, "z9hG4bKinfo"));
        Assert.Single(s.Sender.Responses(481));
    }

    [Fact]
    public void UAS_route_set_keeps_Record_Route_order_and_the_2xx_echoes_it()
    {
        var s = new DialogStack();
        var (dialog, _, ok) = s.AcceptIncomingCall(headers: ["Record-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>"]);
        Assert.Equal(["<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"], dialog.RouteSet.Routes.Select(r => r.ToString()));
        Assert.Equal(["<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"], ok.Headers.GetValues(HeaderId.RecordRoute));

        var bye = dialog.CreateRequest(SipMethods.Bye);
        Assert.Equal("sip:2000@192.0.2.10:5060", bye.RequestUriText); // loose routing: the remote target
        Assert.Equal(["<sip:p1.example.com;lr>", "<sip:p2.example.com;lr>"], bye.Headers.GetValues(HeaderId.Route));
        Assert.Equal(dialog.LocalTag, bye.FromTag);
        Assert.Equal("peer-tag", bye.ToTag);
        Assert.Equal(new CSeqHeader(1, SipMethods.Bye), bye.CSeq);
        Assert.Equal(new CSeqHeader(2, SipMethods.Info), dialog.CreateRequest(SipMethods.Info).CSeq);
    }

    [Fact]
    public void UAC_route_set_is_Record_Route_reversed()
    {
        var s = new DialogStack();
        var (tx, sent) = s.PlaceCall(cseq: 10);
        s.Receive(TestMessages.ResponseTo(sent, 200, headers: ["Record-Route: <sip:p1.example.com;lr>", "Record-Route: <sip:p2.example.com;lr>"]));
        var dialog = Assert.Single(s.Router.Snapshot());
        Assert.True(dialog.IsUac);
        Assert.Equal(DialogState.Confirmed, dialog.State);
        var bye = dialog.CreateRequest(SipMethods.Bye);
        Assert.Equal(["<sip:p2.example.com;lr>", "<sip:p1.example.com;lr>"], bye.Headers.GetValues(HeaderId.Route));
        Assert.Equal("sip:2000@192.0.2.10:5062", bye.RequestUriText);
        Assert.Equal(new CSeqHeader(11, SipMethods.Bye), bye.CSeq);
        Assert.Equal("our-tag", bye.FromTag);
        Assert.Equal("peer-totag", bye.ToTag);
    }

    [Fact]
    public void Strict_route_puts_the_first_route_in_the_Request_URI_and_the_target_last()
    {
        var s = new DialogStack();
        var (dialog, _, _) = s.AcceptIncomingCall(headers: ["Record-Route: <sip:strict.example.com;transport=udp;method=INVITE>, <sip:p2.example.com;lr>"]);
        Assert.True(dialog.RouteSet.IsStrict);
        var bye = dialog.CreateRequest(SipMethods.Bye);
        Assert.Equal("sip:strict.example.com;transport=udp", bye.RequestUriText);
        Assert.Equal(["<sip:p2.example.com;lr>", "<sip:2000@192.0.2.10:5060>"], bye.Headers.GetValues(HeaderId.Route));
    }

    [Fact]
    public void Re_INVITE_refreshes_the_remote_target()
    {
        var s = new DialogStack();
        var (dialog, _, _) = s.AcceptIncomingCall();
        s.User.Answer = (tx, d) =>
        {
            var ok = s.Router.CreateResponse(d!, tx, 200);
            ok.SetBody("application/sdp", TestMessages.Sdp);
            tx.SendResponse(ok);
        };
        var reinvite = s.FromPeer(dialog, SipMethods.Invite, 2, "z9hG4bKre", body: TestMessages.Sdp);
        reinvite.Headers.Set(HeaderId.Contact, "<sip:2000@192.0.2.77:5080>");
        s.Receive(reinvite);
        Assert.Equal("sip:2000@192.0.2.77:5080", dialog.RemoteTarget.ToString());
        Assert.Equal("sip:2000@192.0.2.77:5080", dialog.CreateRequest(SipMethods.Bye).RequestUriText);
        Assert.Equal(OfferAnswerState.None, dialog.OfferAnswer);
    }

    [Fact]
    public void UAC_2xx_to_a_re_INVITE_refreshes_the_remote_target()
    {
        var s = new DialogStack();
        var (_, sent) = s.PlaceCall();
        s.Receive(TestMessages.ResponseTo(sent, 200, body: TestMessages.Sdp));
        var dialog = s.Router.Snapshot().Single();
        s.Router.SendAck(dialog, 1);

        var reinvite = dialog.CreateRequest(SipMethods.Invite);
        reinvite.SetBody("application/sdp", TestMessages.Sdp);
        Assert.Equal("<sip:1000@10.0.0.1:5060>", reinvite.Headers[HeaderId.Contact]);
        s.Router.SendRequest(dialog, reinvite);
        Assert.Equal(OfferAnswerState.LocalOfferPending, dialog.OfferAnswer);
        var sentReinvite = s.Sender.Requests(SipMethods.Invite).Last().Request;
        var ok = TestMessages.ResponseTo(sentReinvite, 200, body: TestMessages.Sdp, contact: false);
        ok.Headers.Add(HeaderId.Contact, "<sip:2000@192.0.2.88:5090>");
        s.Receive(ok);
        Assert.Equal("sip:2000@192.0.2.88:5090", dialog.RemoteTarget.ToString());
        Assert.Equal(OfferAnswerState.None, dialog.OfferAnswer);
    }

    [Fact]
    public void Retransmitted_2xx_gets_the_same_ACK_again()
    {
        var s = new DialogStack();
        var (_, sent) = s.PlaceCall(cseq: 4);
        var ok = TestMessages.ResponseTo(sent, 200, body: TestMessages.Sdp);
        s.Receive(ok);
        var dialog = s.Router.Snapshot().Single();
        s.Router.SendAck(dialog, 4);
        s.Receive(ok);
        s.Receive(ok);
        var acks = s.Sender.Requests(SipMethods.Ack);
        Assert.Equal(3, acks.Count);
        Assert.Single(acks.Select(a => a.Request.TopVia!.Branch).Distinct());
        Assert.Equal(new CSeqHeader(4, SipMethods.Ack), acks[0].Request.CSeq);
    }

    [Fact]
    public void A_2xx_from_another_fork_after_the_transaction_is_ACKed_and_hung_up()
    {
        var s = new DialogStack();
        var (_, sent) = s.PlaceCall();
        s.Receive(TestMessages.ResponseTo(sent, 200, toTag: "fork-a"));
        s.Receive(TestMessages.ResponseTo(sent, 200, toTag: "fork-b"));
        var ack = Assert.Single(s.Sender.Requests(SipMethods.Ack)).Request;
        var bye = Assert.Single(s.Sender.Requests(SipMethods.Bye)).Request;
        Assert.Equal("fork-b", ack.ToTag);
        Assert.Equal("fork-b", bye.ToTag);
        Assert.Single(s.Router.Snapshot()); // only fork-a is a dialog
    }

    [Fact]
    public void Early_dialogs_end_when_the_INVITE_fails()
    {
        var s = new DialogStack();
        var (_, sent) = s.PlaceCall();
        s.Receive(TestMessages.ResponseTo(sent, 180, toTag: "early"));
        var early = Assert.Single(s.Router.Snapshot());
        Assert.Equal(DialogState.Early, early.State);
        s.Receive(TestMessages.ResponseTo(sent, 486, toTag: "early"));
        Assert.Equal(0, s.Router.Count);
        Assert.Same(early, Assert.Single(s.User.Terminated));
    }

    [Fact]
    public void Early_dialog_is_confirmed_by_the_2xx_with_its_route_set()
    {
        var s = new DialogStack();
        var (_, sent) = s.PlaceCall();
        s.Receive(TestMessages.ResponseTo(sent, 180, toTag: "t1", headers: ["Record-Route: <sip:early.example.com;lr>"]));
        s.Receive(TestMessages.ResponseTo(sent, 200, toTag: "t1", headers: ["Record-Route: <sip:final.example.com;lr>"]));
        var dialog = Assert.Single(s.Router.Snapshot());
        Assert.Equal(DialogState.Confirmed, dialog.State);
        Assert.Equal("<sip:final.example.com;lr>", Assert.Single(dialog.RouteSet.Routes).ToString());
    }

    [Fact]
    public void A_481_to_an_in_dialog_request_ends_the_dialog()
    {
        var s = new DialogStack();
        var (_, sent) = s.PlaceCall();
        s.Receive(TestMessages.ResponseTo(sent, 200));
        var dialog = s.Router.Snapshot().Single();
        s.Router.SendRequest(dialog, dialog.CreateRequest(SipMethods.Info));
        var info = s.Sender.Requests(SipMethods.Info).Single().Request;
        s.Receive(TestMessages.ResponseTo(info, 481));
        Assert.Equal(DialogState.Terminated, dialog.State);
        Assert.Equal(0, s.Router.Count);
    }

    [Fact]
    public void Unacknowledged_2xx_tells_the_user_so_it_can_send_BYE()
    {
        var s = new DialogStack();
        var (dialog, _, _) = s.AcceptIncomingCall(ack: false);
        s.Advance(32);
        Assert.Same(dialog, Assert.Single(s.User.AckTimeouts));
    }

    [Fact]
    public void CANCEL_of_an_incoming_call_ends_its_early_dialog()
    {
        var s = new DialogStack();
        s.Receive(TestMessages.Request(SipMethods.Invite, body: TestMessages.Sdp));
        var tx = s.User.Requests[0].Tx;
        var dialog = s.Router.CreateUasDialog(tx, DialogStack.OurContact);
        tx.SendResponse(s.Router.CreateResponse(dialog, tx, 180));
        s.Receive(TestMessages.Request(SipMethods.Cancel));
        Assert.Single(s.Sender.Responses(487));
        Assert.Equal(DialogState.Terminated, dialog.State);
        Assert.Equal(0, s.Router.Count);
    }
}
