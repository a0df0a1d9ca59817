namespace SipGateway.Interop.Tests.ExtendConnect;

/// <summary>CTI blind transfer of a Dial Via Office call through the running gateway (see <see cref="BlindTransferCheck"/>).</summary>
public class TransferTests
{
    [Fact]
    public Task Blind_transfer_joins_the_far_party_to_the_destination_and_releases_the_remote_destination() =>
        BlindTransferCheck.RunAsync("transfer");
}
