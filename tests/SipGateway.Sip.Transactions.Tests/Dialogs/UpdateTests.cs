using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Message;
using SipGateway.Sip.Transactions.Tests.Support;

namespace SipGateway.Sip.Transactions.Tests.Dialogs;

/// <summary>UPDATE (RFC 3311) and re-INVITE glare (RFC 3261 §14).</summary>
public class UpdateTests
{
    private static (DialogStack S, Dialog Dialog) Call()
    {
        var s = new DialogStack();
        var (dialog, _, _) = s.AcceptIncomingCall();
        return (s, dialog);
    }

    [Fact]
    public void UPDATE_in_a_dialog_goes_to_the_user_and_refreshes_the_target()
    {
        var (s, dialog) = Call();
        s.User.Answer = (tx, d) =>
        {
            var ok = s.Router.CreateResponse(d!, tx, 200);
            ok.SetBody("application/sdp", TestMessages.Sdp);
            tx.SendResponse(ok);
        };
        var update = s.FromPeer(dialog, SipMethods.Update, 2, "z9hG4bKupd", body: TestMessages.Sdp);
        update.Headers.Set(HeaderId.Contact, "<sip:2000@192.0.2.55>");
        s.Receive(update);

        var (tx, d) = s.User.Requests[^1];
        Assert.Same(dialog, d);
        Assert.Equal(SipMethods.Update, tx.Key.Method); // answered: the transaction no longer holds the request
        Assert.Equal("sip:2000@192.0.2.55", dialog.RemoteTarget.ToString());
        var ok = s.Sender.Responses(200).Last().Response;
        Assert.Equal(SipMethods.Update, ok.CSeq!.Value.Method);
        Assert.Equal("<sip:1000@10.0.0.1:5060>", ok.Headers[HeaderId.Contact]);
        Assert.Equal(OfferAnswerState.None, dialog.OfferAnswer);
    }

    [Fact]
    public void UPDATE_with_an_offer_while_our_offer_is_pending_gets_491()
    {
        var (s, dialog) = Call();
        var ours = dialog.CreateRequest(SipMethods.Update);
        ours.SetBody("application/sdp", TestMessages.Sdp);
        s.Router.SendRequest(dialog, ours);
        Assert.Equal(OfferAnswerState.LocalOfferPending, dialog.OfferAnswer);

        s.Receive(s.FromPeer(dialog, SipMethods.Update, 2, "z9hG4bKtheirs", body: TestMessages.Sdp));
        var glare = Assert.Single(s.Sender.Responses(491)).Response;
        Assert.Equal(SipMethods.Update, glare.CSeq!.Value.Method);
        Assert.Single(s.User.Requests); // only the original INVITE

        // Once our UPDATE is answered, theirs is welcome.
        var sentUpdate = s.Sender.Requests(SipMethods.Update).Single().Request;
        s.Receive(TestMessages.ResponseTo(sentUpdate, 200, toTag: "peer-tag", body: TestMessages.Sdp));
        Assert.Equal(OfferAnswerState.None, dialog.OfferAnswer);
        s.Receive(s.FromPeer(dialog, SipMethods.Update, 3, "z9hG4bKagain", body: TestMessages.Sdp));
        Assert.Equal(2, s.User.Requests.Count);
    }

    [Fact]
    public void Re_INVITE_while_our_re_INVITE_is_pending_gets_491()
    {
        var (s, dialog) = Call();
        var ours = dialog.CreateRequest(SipMethods.Invite);
        ours.SetBody("application/sdp", TestMessages.Sdp);
        s.Router.SendRequest(dialog, ours);

        s.Receive(s.FromPeer(dialog, SipMethods.Invite, 2, "z9hG4bKglare", body: TestMessages.Sdp));
        Assert.Single(s.Sender.Responses(491));
        Assert.Single(s.User.Requests);
    }

    [Fact]
    public void UPDATE_with_an_offer_while_theirs_is_unanswered_gets_500_with_Retry_After()
    {
        var (s, dialog) = Call();
        s.Receive(s.FromPeer(dialog, SipMethods.Invite, 2, "z9hG4bKre", body: TestMessages.Sdp)); // not answered yet
        Assert.Equal(OfferAnswerState.RemoteOfferPending, dialog.OfferAnswer);
        s.Receive(s.FromPeer(dialog, SipMethods.Update, 3, "z9hG4bKupd", body: TestMessages.Sdp));
        var busy = Assert.Single(s.Sender.Responses(500)).Response;
        Assert.InRange(int.Parse(busy.Headers[HeaderId.RetryAfter]!), 0, 10);
    }

    [Fact]
    public void UPDATE_without_a_body_is_allowed_while_an_offer_is_pending()
    {
        var (s, dialog) = Call();
        var ours = dialog.CreateRequest(SipMethods.Update);
        ours.SetBody("application/sdp", TestMessages.Sdp);
        s.Router.SendRequest(dialog, ours);
        s.Receive(s.FromPeer(dialog, SipMethods.Update, 2, "z9hG4bKnobody"));
        Assert.Empty(s.Sender.Responses(491));
        Assert.Equal(2, s.User.Requests.Count);
    }

    [Fact]
    public void A_rejected_re_INVITE_clears_the_pending_offer()
    {
        var (s, dialog) = Call();
        s.User.Answer = (tx, _) => tx.SendResponse(tx.CreateResponse(488));
        s.Receive(s.FromPeer(dialog, SipMethods.Invite, 2, "z9hG4bKre", body: TestMessages.Sdp));
        Assert.Single(s.Sender.Responses(488));
        Assert.Equal(OfferAnswerState.None, dialog.OfferAnswer);
        Assert.Equal(DialogState.Confirmed, dialog.State); // a failed re-INVITE does not end the dialog
        Assert.Equal(1, s.Router.Count);
    }
}
