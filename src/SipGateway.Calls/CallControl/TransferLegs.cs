using SipGateway.Media.Relay;
using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Message;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// How the legs of a call change hands in a transfer, whichever kind: the transferor hears progress as NOTIFYs, its
/// leg is swapped for the new party's and relayed to the transferee, and it is dropped with a BYE.
/// </summary>
internal sealed class TransferLegs(DialogRouter router, DtmfInterworking dtmf)
{
    /// <summary>RFC 3515 §2.4.5: the REFER's implicit subscription reports the new call's progress as a sipfrag.</summary>
    public void Notify(CallLeg transferor, int code, string reason, bool final)
    {
        if (transferor.Dialog is not { State: DialogState.Confirmed } d) return;
        var notify = d.CreateRequest(SipMethods.Notify);
        notify.Headers.Add(HeaderId.Event, "refer");
        notify.Headers.Add("Subscription-State", final ? "terminated;reason=noresource" : "active;expires=60");
        notify.SetBody("message/sipfrag;version=2.0", $"SIP/2.0 {code} {reason}\r\n");
        router.SendRequest(d, notify);
    }

    /// <summary>Swaps the transferor's leg for <paramref name="replacement"/> and relays the transferee to it.</summary>
    public void Replace(Call call, CallLeg transferor, CallLeg replacement, bool startNewLeg)
    {
        GeneratedAudio.StopMusicOnHold(call);
        transferor.SessionTimer?.Pending?.Cancel();
        lock (call.Gate)
        {
            var transferee = call.OtherLeg(transferor)!;
            if (ReferenceEquals(call.Inbound, transferor)) call.Inbound = replacement; else call.Outbound = replacement;
            transferee.HeldByPeer = false;
            replacement.HeldByPeer = false;
            // The transferee's RTP leg keeps running (and its outbound stream continuous); only its partner changes.
            transferor.Media.Forward = null;
            call.Relay = new RtpRelay(transferee.Media, replacement.Media);
        }
        MediaAnchor.ApplyLegFormats(replacement);
        dtmf.Connect(call, call.OtherLeg(replacement)!, replacement);
        if (startNewLeg) replacement.Media.Start();
        transferor.Media.Dispose();
    }

    /// <summary>The transferor's dialog is no longer the call's end: it gets a BYE naming why.</summary>
    public void DropTransferor(CallLeg transferor, string reason)
    {
        if (transferor.Dialog is not { } d) return;
        d.UserState = null; // its end is no longer the call's end
        if (d.State == DialogState.Confirmed) SendBye(d, reason);
    }

    /// <summary>A BYE with a normal-clearing Reason (RFC 3326) naming the transfer.</summary>
    public void SendBye(Dialog dialog, string reason)
    {
        var bye = dialog.CreateRequest(SipMethods.Bye);
        bye.Headers.Add("Reason", $"SIP;cause=200;text=\"{reason}\"");
        router.SendRequest(dialog, bye);
    }
}
