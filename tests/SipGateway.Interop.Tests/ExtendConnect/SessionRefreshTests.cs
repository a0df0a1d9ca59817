using SipGateway.Interop.Tests.Infrastructure;

namespace SipGateway.Interop.Tests.ExtendConnect;

/// <summary>
/// The B2BUA's own RFC 4028 refresh: a caller that names the gateway refresher gets a re-INVITE at half the interval,
/// and the gateway ACKs the 200 even when it comes back at once (it used to listen for that 200 only after sending).
/// </summary>
public class SessionRefreshTests
{
    [Fact]
    public async Task The_gateway_refreshes_a_session_with_a_re_invite_and_acks_the_immediate_200()
    {
        await using var uas = SippUas.Start("uas_check.xml", timeoutSeconds: 120);
        await using var gw = await GatewayProcess.StartAsync(GatewayConfig.WithTrunks(uas.Port, FreePort.UdpAndTcp()));
        var started = DateTime.UtcNow;
        // Session-Expires 90;refresher=uas: the re-INVITE comes at 45 s; the UAC answers 200 at once, waits 3 s for the ACK, then BYE.
        var uac = await Sipp.RunAsync(gw, "uac_session_refresh.xml", localAddress: "127.0.0.2", service: "914085551234", timeoutSeconds: 100);
        Assert.True(uac.ExitCode == 0, uac.Output + "\n" + gw.Output);
        Assert.InRange((DateTime.UtcNow - started).TotalSeconds, 40, 80);
        Assert.Equal(0, await uas.WaitAsync(TimeSpan.FromSeconds(20)));
        var cdr = await gw.FirstCdrAsync();
        Assert.Equal(200, cdr.GetProperty("causeCode").GetInt32());
    }
}
