using SipGateway.Interop.Tests.Infrastructure;

namespace SipGateway.Interop.Tests;

/// <summary>In-dialog requests through the running gateway's dialog router (RFC 3261 §12.2.2).</summary>
public class InDialogTests
{
    [Theory]
    [InlineData("BYE")]
    [InlineData("UPDATE")]
    [InlineData("INFO")]
    public async Task Request_for_an_unknown_dialog_gets_481(string method)
    {
        await using var gw = await GatewayProcess.StartAsync();
        using var probe = new SipProbe(gw.SipPort);
        var callId = "nodialog-" + method;
        var request = $"{method} sip:1000@127.0.0.1:{gw.SipPort} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{probe.LocalPort};branch=z9hG4bK{callId}\r\n" +
                      $"Max-Forwards: 70\r\nFrom: <sip:a@127.0.0.1>;tag=a1\r\nTo: <sip:1000@127.0.0.1>;tag=b2\r\nCall-ID: {callId}\r\n" +
                      $"CSeq: 5 {method}\r\nContent-Length: 0\r\n\r\n";
        var response = await probe.RequestAsync(request, TimeSpan.FromSeconds(5));
        Assert.Equal(481, SipProbe.StatusOf(response));
        Assert.Contains("Call-ID: " + callId, response);
    }

    [Fact]
    public async Task Unknown_method_gets_501_with_allow_and_known_unsupported_gets_405()
    {
        await using var gw = await GatewayProcess.StartAsync();
        using var probe = new SipProbe(gw.SipPort);
        foreach (var (method, code) in new[] { ("FOOBAR", 501), ("SUBSCRIBE", 405) })
        {
            var request = $"{method} sip:1000@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{probe.LocalPort};branch=z9hG4bK{method}\r\n" +
                          $"Max-Forwards: 70\r\nFrom: <sip:a@127.0.0.1>;tag=a1\r\nTo: <sip:1000@127.0.0.1>\r\nCall-ID: m-{method}\r\n" +
                          $"CSeq: 1 {method}\r\nContent-Length: 0\r\n\r\n";
            var response = await probe.RequestAsync(request, TimeSpan.FromSeconds(5));
            Assert.Equal(code, SipProbe.StatusOf(response));
            Assert.Contains("Allow: INVITE, ACK, BYE, CANCEL, OPTIONS, REGISTER", response);
        }
    }
}
