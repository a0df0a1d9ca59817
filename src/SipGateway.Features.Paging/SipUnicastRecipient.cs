using SipGateway.Calls.CallControl;
using SipGateway.Calls.Origination;
using SipGateway.Sip.Sdp;

namespace SipGateway.Features.Paging;

/// <summary>A SIP phone or softphone that cannot join multicast: called with an auto-answer INVITE (a leg the gateway
/// originates), sent the page audio as unicast RTP, hung up (BYE) when the page ends.</summary>
internal sealed class SipUnicastRecipient(PagingPhone phone, RecipientGroup group, BackToBackUserAgent calls, string display)
    : PageRecipient(phone.Device, PagingMode.SipUnicast, group)
{
    /// <summary>The phone only listens: a sendonly mu-law offer (RFC 3264 §5.1), the format the page stream is in.</summary>
    private static readonly OriginateOptions SendOnlyPage = new()
    {
        AutoAnswer = true, Direction = SdpDirection.SendOnly, Codecs = [SdpCodec.Pcmu],
    };

    /// <summary>For softphones that do not play a stream they answered recvonly (baresip 1.0): sendrecv.</summary>
    private static readonly OriginateOptions SendRecvPage = SendOnlyPage with { Direction = SdpDirection.SendRecv };

    private OriginatedLeg? _leg;
    private volatile bool _leaving;

    protected override async Task JoinCoreAsync(GroupStream stream, CancellationToken cancellationToken)
    {
        var contacts = calls.ContactsOf(Device);
        if (contacts.Count == 0) throw new PagingRecipientException($"{Device} is not registered");
        var originator = calls.Originator;
        OriginatedLeg leg;
        // One contact: a page is answered once per phone.
        try { leg = originator.Create([contacts[0]], new PartyIdentity(display, "paging"), phone.SendOnly ? SendOnlyPage : SendRecvPage); }
        catch (InvalidOperationException) { throw new PagingRecipientException("no RTP ports left"); }
        var answered = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        leg.Answered += _ => answered.TrySetResult(true);
        leg.Ended += _ =>
        {
            if (answered.TrySetResult(false) || _leaving) return;
            Error = "the phone hung up";
            State = RecipientState.Left;
        };
        // The page may end while the phone rings: the unanswered INVITE is cancelled (an answered leg is left to LeaveCoreAsync).
        using (cancellationToken.Register(() =>
               {
                   if (!answered.Task.IsCompleted) originator.Hangup(leg, 487, "Page ended");
               }))
        {
            originator.Start(leg);
            if (!await answered.Task.ConfigureAwait(false))
                throw new PagingRecipientException($"{Device} answered {leg.EndCode} {leg.EndReason}");
        }
        _leg = leg;
        if (cancellationToken.IsCancellationRequested)
        {
            Hangup();
            throw new OperationCanceledException(cancellationToken);
        }
        stream.AddUnicast(leg.Media);
    }

    protected override Task LeaveCoreAsync(CancellationToken cancellationToken)
    {
        Hangup();
        return Task.CompletedTask;
    }

    private void Hangup()
    {
        if (_leg is not { } leg) return;
        _leaving = true;
        calls.Originator.Hangup(leg, 200, "Page ended");
    }
}
