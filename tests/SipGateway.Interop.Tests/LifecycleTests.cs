using SipGateway.Interop.Tests.Infrastructure;

namespace SipGateway.Interop.Tests;

public class LifecycleTests
{
    [Fact]
    public async Task Sigterm_stops_the_gateway_gracefully()
    {
        var gw = await GatewayProcess.StartAsync();
        var exit = await gw.StopAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(0, exit);
        Assert.Contains("Stopping SIP", gw.Output);
        Assert.Contains("Application is shutting down", gw.Output);
        await gw.DisposeAsync();
    }

    [Fact]
    public async Task Logs_go_to_console_and_a_rolling_file()
    {
        await using var gw = await GatewayProcess.StartAsync();
        Assert.Contains("SIP listening on", gw.Output);
        var files = Directory.GetFiles(Path.Combine(gw.WorkDir, "logs"), "sipgateway-*.log");
        var file = Assert.Single(files);
        using var reader = new StreamReader(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        Assert.Contains("SIP listening on", await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task Invite_with_max_forwards_zero_gets_483()
    {
        await using var gw = await GatewayProcess.StartAsync();
        using var probe = new SipProbe(gw.SipPort);
        var invite = $"INVITE sip:1001@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{probe.LocalPort};branch=z9hG4bKmf0\r\n" +
                     "Max-Forwards: 0\r\nFrom: <sip:1000@127.0.0.1>;tag=a\r\nTo: <sip:1001@127.0.0.1>\r\nCall-ID: mf0\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
        var response = await probe.RequestAsync(invite, TimeSpan.FromSeconds(5));
        while (SipProbe.StatusOf(response) is >= 100 and < 200) response = await probe.ReceiveAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(483, SipProbe.StatusOf(response));
    }
}
