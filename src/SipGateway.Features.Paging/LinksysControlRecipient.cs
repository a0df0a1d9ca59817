using System.Net;

namespace SipGateway.Features.Paging;

/// <summary>A Linksys/SPA-style phone: a start control packet names the group to play, a stop packet ends it.</summary>
internal sealed class LinksysControlRecipient(PagingPhone phone, RecipientGroup group, LinksysControlSender sender)
    : PageRecipient(phone.Device, PagingMode.Linksys, group)
{
    private readonly uint _id = (uint)Random.Shared.Next();

    private IPEndPoint Control => phone.Control!;

    protected override Task JoinCoreAsync(GroupStream stream, CancellationToken cancellationToken)
    {
        sender.Send(Device, Control, _id, LinksysControlSender.StartCommand, Group.Multicast!);
        return Task.CompletedTask;
    }

    protected override Task LeaveCoreAsync(CancellationToken cancellationToken)
    {
        sender.Send(Device, Control, _id, LinksysControlSender.StopCommand, Group.Multicast!);
        return Task.CompletedTask;
    }
}
