using Microsoft.Extensions.Logging;
using SipGateway.Media.Relay;
using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Message;
using SipGateway.Sip.Sdp;
using SipGateway.Sip.Transactions;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// Paging calls to SIP phones (<see cref="IPagingDialer"/>). The INVITE asks the phone to answer at once:
/// Call-Info with answer-after=0 (the de-facto auto-answer parameter, as in RFC 5373's discussion of
/// Call-Info/Alert-Info) and Alert-Info: auto-answer, and offers sendonly mu-law (RFC 3264 §5.1: the phone only listens).
/// </summary>
public sealed partial class BackToBackUserAgent : IPagingDialer
{
    public Task<PagingLegResult> CallAsync(string device, string display, bool sendOnly, CancellationToken cancellationToken)
    {
        var binding = _registrar.BindingsOfDevice(device).FirstOrDefault();
        if (binding is null || !SipUri.TryParse(binding.Uri, out var uri))
            return Task.FromResult(new PagingLegResult(null, $"{device} is not registered"));
        RtpLeg media;
        try
        {
            media = new RtpLeg(_ports.Allocate());
        }
        catch (InvalidOperationException)
        {
            return Task.FromResult(new PagingLegResult(null, "no RTP ports left"));
        }
        var offer = SdpAnswerer.Offer(new SdpLocalMedia(_options.MediaAddress, media.LocalPort, [SdpCodec.Pcmu]), NextSdpSession(), 1, sendOnly ? SdpDirection.SendOnly : SdpDirection.SendRecv);
        // No called number: the phone's contact is both Request-URI and To.
        var target = new CallTarget(device, uri, binding.Source, "", "paging", null, device);
        var invite = LegInvite.ForOriginated(target, new Origination.PartyIdentity(display, "paging"), _options,
            _layer.Sender.LocalEndPoint(binding.Source.Transport), offer, autoAnswer: true);

        var result = new TaskCompletionSource<PagingLegResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        CancellationTokenRegistration registration = default;
        // Subscribed before the INVITE goes out (the page is started from a non-SIP thread; the phone may answer at once).
        var tx = _router.SendRequest(invite, binding.Source, t => t.FinalResponseReceived += (transaction, response) =>
        {
            registration.Dispose();
            if (!response.IsSuccess)
            {
                media.Dispose();
                result.TrySetResult(new PagingLegResult(null, $"{device} answered {response.StatusCode} {response.ReasonPhrase}"));
                return;
            }
            Dialog? dialog = DialogId.ForResponse(response) is { } id && _router.TryGetDialog(id, out var d) ? d : null;
            if (dialog is null)
            {
                media.Dispose();
                result.TrySetResult(new PagingLegResult(null, $"{device} answered outside a dialog"));
                return;
            }
            _router.SendAck(dialog, response.CSeq!.Value.Number);
            var leg = new PagingLeg(device, media, () =>
            {
                if (dialog.State == DialogState.Confirmed) _router.SendRequest(dialog, dialog.CreateRequest(SipMethods.Bye));
                ThreadPool.UnsafeQueueUserWorkItem(_ => media.Dispose(), null);
            });
            dialog.UserState = leg;
            if (cancellationToken.IsCancellationRequested || !SdpSessionDescription.TryParse(response.BodyText, out var answer, out _)
                || answer.FirstAudio is not { Port: > 0 })
            {
                leg.Hangup();
                result.TrySetResult(new PagingLegResult(null, cancellationToken.IsCancellationRequested
                    ? "page ended before the phone answered" : $"{device} answered without usable SDP"));
                return;
            }
            media.SetRemote(MediaEndPoint(answer));
            media.AudioPayloadType = Media.Rtp.RtpPayloadTypes.Pcmu;
            _log.PagingCallAnswered(device, uri);
            result.TrySetResult(new PagingLegResult(leg, null));
        });
        registration = cancellationToken.Register(() =>
        {
            if (!result.Task.IsCompleted) _layer.Cancel((InviteClientTransaction)tx, "SIP;cause=487;text=\"Page ended\"");
        });
        if (result.Task.IsCompleted) registration.Dispose(); // answered before the registration existed
        return result.Task;
    }
}
