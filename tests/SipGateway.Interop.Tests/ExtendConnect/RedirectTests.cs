namespace SipGateway.Interop.Tests.ExtendConnect;

/// <summary>
/// CTI redirect of an answered Dial Via Office call through the running gateway: a blind transfer, with the same
/// outcome (see <see cref="BlindTransferCheck"/>). Redirect of a ringing line call (deflect) is in <see cref="LineCallTests"/>.
/// </summary>
public class RedirectTests
{
    [Fact]
    public Task Redirect_of_an_answered_call_sends_the_far_party_to_the_destination_and_releases_the_remote_destination() =>
        BlindTransferCheck.RunAsync("redirect");
}
