namespace SipGateway.Features.Paging;

/// <summary>A Cisco phone told by CiscoIPPhoneExecute to receive the group (RTPMRx) and later to stop (RTPRx:Stop).</summary>
internal sealed class CiscoExecuteRecipient(PagingPhone phone, RecipientGroup group, CiscoExecuteClient client)
    : PageRecipient(phone.Device, PagingMode.CiscoExecute, group)
{
    protected override Task JoinCoreAsync(GroupStream stream, CancellationToken cancellationToken) =>
        client.ExecuteAsync(phone, CiscoExecuteClient.JoinUrl(Group.Multicast!, Group.Volume), cancellationToken);

    protected override Task LeaveCoreAsync(CancellationToken cancellationToken) =>
        client.ExecuteAsync(phone, CiscoExecuteClient.StopUrl, cancellationToken);
}
