using SipGateway.Calls.CallControl;

namespace SipGateway.Features.Paging;

/// <summary>A SIP phone or softphone that cannot join multicast: called with an auto-answer INVITE, sent the page
/// audio as unicast RTP, hung up (BYE) when the page ends.</summary>
internal sealed class SipUnicastRecipient(PagingPhone phone, RecipientGroup group, IPagingDialer dialer, string display)
    : PageRecipient(phone.Device, PagingMode.SipUnicast, group)
{
    private PagingLeg? _leg;

    protected override async Task JoinCoreAsync(GroupStream stream, CancellationToken cancellationToken)
    {
        var result = await dialer.CallAsync(Device, display, phone.SendOnly, cancellationToken).ConfigureAwait(false);
        if (result.Leg is not { } leg) throw new PagingRecipientException(result.Failure ?? $"{Device} did not answer");
        _leg = leg;
        leg.HungUp += _ =>
        {
            Error = "the phone hung up";
            State = RecipientState.Left;
        };
        if (cancellationToken.IsCancellationRequested)
        {
            leg.Hangup();
            throw new OperationCanceledException(cancellationToken);
        }
        stream.AddUnicast(leg.Media);
    }

    protected override Task LeaveCoreAsync(CancellationToken cancellationToken)
    {
        _leg?.Hangup();
        return Task.CompletedTask;
    }
}
