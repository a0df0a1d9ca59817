using SipGateway.Interop.Tests.Infrastructure;

namespace SipGateway.Interop.Tests;

/// <summary>SIPp, a real SIP peer, against the running gateway over UDP and TCP.</summary>
public class SippTests
{
    [Theory]
    [InlineData("u1")]
    [InlineData("t1")]
    public async Task Options_is_answered_with_allow_accept_supported(string transport)
    {
        await using var gw = await GatewayProcess.StartAsync();
        var r = await Sipp.RunAsync(gw, "options.xml", transport);
        Assert.True(r.ExitCode == 0, r.Output);
    }

    [Theory]
    [InlineData("u1")]
    [InlineData("t1")]
    public async Task Authenticated_register_then_unregister(string transport)
    {
        await using var gw = await GatewayProcess.StartAsync();
        var r = await Sipp.RunAsync(gw, "register_auth.xml", transport, "1000", "demo1000");
        Assert.True(r.ExitCode == 0, r.Output + "\n" + gw.Output);
        var regs = await gw.GetJsonAsync("/api/registrations");
        Assert.DoesNotContain("SIPp", regs.ToString()); // removed by the Expires: 0 REGISTER
    }

    [Fact]
    public async Task Wrong_password_is_challenged_again_and_not_registered()
    {
        await using var gw = await GatewayProcess.StartAsync();
        var r = await Sipp.RunAsync(gw, "register_wrong_password.xml", "u1", "1000", "wrong-password");
        Assert.True(r.ExitCode == 0, r.Output);
        var regs = await gw.GetJsonAsync("/api/registrations");
        Assert.DoesNotContain("127.0.0.1:", regs.ToString());
    }
}
