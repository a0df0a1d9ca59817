using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Message;
using SipGateway.Sip.Timing;
using SipGateway.Sip.Transport;

namespace SipGateway.Sip.Transactions.Tests.Support;

/// <summary>Transaction layer + dialog router on a virtual clock.</summary>
public sealed class DialogStack
{
    public static readonly SipUri OurContact = SipUri.Parse("sip:1000@10.0.0.1:5060");

    public DialogStack()
    {
        Clock = new VirtualClock();
        var wheel = Clock.CreateWheel();
        Sender = new FakeSender(() => Clock.Now);
        Layer = new SipTransactionLayer(Sender, wheel);
        User = new RecordingDialogUser();
        Router = new DialogRouter(Layer, User);
    }

    public VirtualClock Clock { get; }
    public FakeSender Sender { get; }
    public SipTransactionLayer Layer { get; }
    public RecordingDialogUser User { get; }
    public DialogRouter Router { get; }

    public void Advance(double seconds) => Clock.Advance(TimeSpan.FromSeconds(seconds));

    public void Receive(SipMessage message, SipTransportKind transport = SipTransportKind.Udp) =>
        Layer.Receive(TestMessages.From(message, transport));

    /// <summary>An incoming INVITE answered 200 through a UAS dialog; returns the dialog and the 200.</summary>
    public (Dialog Dialog, ServerTransaction Tx, SipResponse Ok) AcceptIncomingCall(IEnumerable<string>? headers = null, uint cseq = 1,
        bool ack = true)
    {
        Receive(TestMessages.Request(SipMethods.Invite, cseq: cseq, headers: headers, body: TestMessages.Sdp));
        var tx = User.Requests[^1].Tx;
        var dialog = Router.CreateUasDialog(tx, OurContact);
        var ok = Router.CreateResponse(dialog, tx, 200);
        ok.SetBody("application/sdp", TestMessages.Sdp);
        tx.SendResponse(ok);
        if (ack) Receive(TestMessages.Request(SipMethods.Ack, branch: "z9hG4bKack-" + cseq, toTag: ok.ToTag, cseq: cseq));
        return (dialog, tx, ok);
    }

    /// <summary>An in-dialog request from the peer in <paramref name="dialog"/>.</summary>
    public SipRequest FromPeer(Dialog dialog, string method, uint cseq, string branch, IEnumerable<string>? headers = null, string? body = null) =>
        TestMessages.Request(method, branch: branch, toTag: dialog.LocalTag, fromTag: dialog.RemoteTag, cseq: cseq,
            callId: dialog.CallId, headers: headers, body: body);

    /// <summary>Places a call through the router; returns the transaction and the INVITE as sent.</summary>
    public (ClientTransaction Tx, SipRequest Sent) PlaceCall(uint cseq = 1, IEnumerable<string>? headers = null, string? body = TestMessages.Sdp)
    {
        var tx = Router.SendRequest(TestMessages.Outgoing(SipMethods.Invite, cseq: cseq, headers: headers, body: body), Peer.Udp);
        return (tx, Sender.Requests(SipMethods.Invite).Last().Request);
    }
}
