namespace SipGateway.Features.Paging;

/// <summary>A phone configured to listen to the group itself: there is nothing to tell it.</summary>
internal sealed class MulticastRecipient(string device, RecipientGroup group) : PageRecipient(device, PagingMode.Multicast, group)
{
    protected override Task JoinCoreAsync(GroupStream stream, CancellationToken cancellationToken) => Task.CompletedTask;
    protected override Task LeaveCoreAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
