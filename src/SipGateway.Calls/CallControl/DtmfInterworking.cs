using Microsoft.Extensions.Logging;
using SipGateway.Media.Events;
using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Message;
using SipGateway.Sip.Transactions;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// DTMF interworking per leg: a leg whose peer negotiated telephone-event gets digits as RFC 4733 packets, any other
/// leg as SIP INFO application/dtmf-relay (the Cisco format CUCM and many trunks use). Between two RFC 4733 legs the
/// packets are relayed untouched; otherwise each digit is taken out of one form and sent in the other.
/// </summary>
internal sealed class DtmfInterworking
{
    private readonly DialogRouter _router;
    private readonly ILogger _log;

    public DtmfInterworking(DialogRouter router, ILogger log)
    {
        _router = router;
        _log = log;
    }

    /// <summary>Wires the digit path between the two connected legs (called when the relay starts or a leg is replaced).</summary>
    public void Connect(Call call, CallLeg a, CallLeg b)
    {
        Wire(a, b);
        Wire(b, a);
    }

    private void Wire(CallLeg from, CallLeg to)
    {
        // Packets relayed as they are only when the far leg speaks RFC 4733 too.
        from.Media.ForwardTelephoneEvents = UsesRfc4733(to);
        if (from.HookDtmf()) from.Media.DigitReceived += digit => OnRtpDigit(from, digit);
    }

    public static bool UsesRfc4733(CallLeg leg) =>
        leg.RemoteSdp?.FirstAudio?.Codecs().Any(c => c.IsTelephoneEvent) == true;

    /// <summary>A digit that arrived as RFC 4733 on <paramref name="from"/>: an INFO to the other side when it needs one.</summary>
    private void OnRtpDigit(CallLeg from, ReceivedDigit digit)
    {
        var call = from.Call;
        if (!call.IsAnswered || call.OtherLeg(from) is not { } to || UsesRfc4733(to)) return;
        SendInfo(to, digit.Digit, TimeSpan.FromMilliseconds(Math.Max(digit.DurationMs, 40)));
    }

    public void SendInfo(CallLeg to, char digit, TimeSpan duration)
    {
        if (to.Dialog is not { State: DialogState.Confirmed } dialog) return;
        var info = dialog.CreateRequest(SipMethods.Info);
        info.SetBody(SipInfoDtmf.DtmfRelayContentType, SipInfoDtmf.FormatDtmfRelay(digit, duration));
        _router.SendRequest(dialog, info);
        _log.DtmfAsInfo(to.Call.Id, digit, to.Peer);
    }

    /// <summary>An INFO on <paramref name="from"/>: a DTMF body goes on to the other side in that side's form.</summary>
    public void OnInfo(ServerTransaction tx, CallLeg from)
    {
        var request = tx.Request;
        var contentType = request.Headers[HeaderId.ContentType];
        if (!SipInfoDtmf.IsDtmfContentType(contentType))
        {
            tx.SendResponse(tx.CreateResponse(request.Body.IsEmpty ? 200 : 415, request.Body.IsEmpty ? null : "Unsupported Media Type"));
            return;
        }
        if (!SipInfoDtmf.TryParse(contentType, request.BodyText, out var dtmf, out var error))
        {
            tx.SendResponse(tx.CreateResponse(400, $"Bad Request ({error})"));
            return;
        }
        tx.SendResponse(tx.CreateResponse(200));
        var call = from.Call;
        if (!call.IsAnswered || call.OtherLeg(from) is not { } to) return;
        if (UsesRfc4733(to))
        {
            var send = to.Media.SendDigitAsync(dtmf.Digit, dtmf.Duration);
            _ = send.ContinueWith(t => _log.DtmfFailed(t.Exception, call.Id, dtmf.Digit, to.Peer),
                TaskContinuationOptions.OnlyOnFaulted);
            _log.DtmfFromInfo(call.Id, dtmf.Digit, to.Peer);
        }
        else SendInfo(to, dtmf.Digit, dtmf.Duration);
    }
}
