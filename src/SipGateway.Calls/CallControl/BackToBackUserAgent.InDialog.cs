using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using SipGateway.Calls.Registration;
using SipGateway.Media.Relay;
using SipGateway.Media.Transport;
using SipGateway.Routing;
using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Message;
using SipGateway.Sip.Sdp;
using SipGateway.Sip.Timing;
using SipGateway.Sip.Transactions;
using SipGateway.Sip.Transport;
using SipGateway.Storage;

namespace SipGateway.Calls.CallControl;

public sealed partial class BackToBackUserAgent
{

    /// <summary>An ACK for our 2xx (it carries the caller's answer when the INVITE had no offer).</summary>
    public void OnAck(Dialog dialog, SipRequest ack)
    {
        if (dialog.UserState is not CallLeg { IsInbound: true } leg) return;
        if (!ack.Body.IsEmpty && SdpSessionDescription.TryParse(ack.BodyText, out var answer, out _))
        {
            leg.RemoteSdp = answer;
            leg.Media.SetRemote(MediaEndPoint(answer));
        }
        StartRelay(leg.Call);
    }

    /// <summary>A request inside one of our dialogs. False when the dialog is not a call leg.</summary>
    public bool OnInDialogRequest(ServerTransaction tx, Dialog dialog)
    {
        if (dialog.UserState is not CallLeg leg) return false;
        switch (tx.Request.Method)
        {
            case SipMethods.Bye:
                // Hang up first: answering the BYE ends the dialog, which must not be taken for the cause.
                Hangup(leg.Call, leg, 200, "Normal call clearing (BYE from " + (leg.IsInbound ? "caller" : "callee") + ")");
                tx.SendResponse(tx.CreateResponse(200));
                return true;
            case SipMethods.Invite or SipMethods.Update:
                // A refresh (session timer or target refresh): answer with what we already negotiated, a new version.
                var r = _router.CreateResponse(dialog, tx, 200);
                if (leg.LocalSdp is { } sdp)
                {
                    sdp.SessionVersion++;
                    r.SetBody("application/sdp", sdp.ToString());
                }
                tx.SendResponse(r);
                return true;
            case SipMethods.Info or SipMethods.Options:
                tx.SendResponse(tx.CreateResponse(200));
                return true;
            default:
                return false;
        }
    }

    public void OnDialogTerminated(Dialog dialog)
    {
        if (dialog.UserState is CallLeg leg && leg.Call.State == CallState.Answered)
            Hangup(leg.Call, leg, 408, "Request Timeout (dialog ended)");
    }

    public void OnAckTimeout(Dialog dialog)
    {
        if (dialog.UserState is CallLeg leg) Hangup(leg.Call, leg, 408, "Request Timeout (no ACK for the 200)");
    }
}
