using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Message;
using SipGateway.Sip.Sdp;
using SipGateway.Sip.Transactions;

namespace SipGateway.Calls.CallControl;

public sealed partial class BackToBackUserAgent
{
    /// <summary>An ACK for our 2xx (it carries the caller's answer when the INVITE had no offer).</summary>
    public void OnAck(Dialog dialog, SipRequest ack)
    {
        if (dialog.UserState is not CallLeg leg) return;
        if (!ack.Body.IsEmpty && SdpSessionDescription.TryParse(ack.BodyText, out var answer, out _))
        {
            leg.RemoteSdp = answer;
            if (answer.FirstAudio is { Port: > 0 } audio && answer.ConnectionFor(audio)?.IsHoldAddress != true)
                leg.Media.SetRemote(MediaEndPoint(answer));
        }
        if (!leg.IsInbound) return;
        leg.Call.Confirm();
        StartRelay(leg.Call);
    }

    /// <summary>A request inside one of our dialogs. False when the dialog is not a call leg.</summary>
    public bool OnInDialogRequest(ServerTransaction tx, Dialog dialog)
    {
        if (dialog.UserState is IDialogOwner owner) return owner.OnInDialogRequest(tx, dialog);
        if (dialog.UserState is not CallLeg leg) return false;
        switch (tx.Request.Method)
        {
            case SipMethods.Bye:
                // Hang up first: answering the BYE ends the dialog, which must not be taken for the cause.
                _teardown.Hangup(leg.Call, leg, 200, "Normal call clearing (BYE from " + (leg.IsInbound ? "caller" : "callee") + ")");
                tx.SendResponse(tx.CreateResponse(200));
                return true;
            case SipMethods.Invite when leg.ReInvitePending:
                // Glare: our own re-INVITE is outstanding on this dialog (§14.2); the peer retries after a random wait.
                var glare = _router.CreateResponse(dialog, tx, 491, "Request Pending");
                glare.Headers.Add(HeaderId.RetryAfter, Random.Shared.Next(1, 4).ToString());
                tx.SendResponse(glare);
                return true;
            case SipMethods.Invite or SipMethods.Update:
                OnMidCallOffer(tx, dialog, leg);
                // A re-INVITE or UPDATE from the peer is also a session refresh (RFC 4028 §10).
                _sessionTimers.Arm(leg);
                return true;
            case SipMethods.Refer:
                OnRefer(tx, dialog, leg);
                return true;
            case SipMethods.Info:
                _dtmf.OnInfo(tx, leg);
                return true;
            case SipMethods.Options or SipMethods.Notify:
                tx.SendResponse(tx.CreateResponse(200));
                return true;
            default:
                return false;
        }
    }

    public void OnDialogTerminated(Dialog dialog)
    {
        if (dialog.UserState is IDialogOwner owner) owner.OnDialogTerminated(dialog);
        if (dialog.UserState is CallLeg leg && leg.Call.IsAnswered)
            _teardown.Hangup(leg.Call, leg, 408, "Request Timeout (dialog ended)");
    }

    public void OnAckTimeout(Dialog dialog)
    {
        if (dialog.UserState is CallLeg leg) _teardown.Hangup(leg.Call, leg, 408, "Request Timeout (no ACK for the 200)");
    }
}
