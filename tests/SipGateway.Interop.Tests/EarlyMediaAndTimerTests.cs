using SipGateway.Interop.Tests.Infrastructure;

namespace SipGateway.Interop.Tests;

/// <summary>Early media (183 with SDP relayed), generated ringback, and RFC 4028 session timers through the gateway.</summary>
public class EarlyMediaAndTimerTests
{
    [Fact]
    public async Task Early_media_from_the_far_end_reaches_the_caller_before_the_answer()
    {
        await using var uas = SippUas.Start("uas_early.xml");
        await using var gw = await GatewayProcess.StartAsync(GatewayConfig.WithTrunks(uas.Port, FreePort.UdpAndTcp()));
        var uac = await Sipp.RunAsync(gw, "uac_early.xml", localAddress: "127.0.0.2", service: "914085551234");
        Assert.True(uac.ExitCode == 0, uac.Output + "\n" + gw.Output);
        Assert.Equal(0, await uas.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("early media from GW_SJC_1", gw.Output);
        Assert.Equal(200, (await gw.FirstCdrAsync()).GetProperty("causeCode").GetInt32());
    }

    [Fact]
    public async Task A_ringing_far_end_without_sdp_gives_the_caller_generated_ringback()
    {
        await using var ringing = SippUas.Start("uas_ring_cancel.xml");
        await using var gw = await GatewayProcess.StartAsync(GatewayConfig.WithTrunks(ringing.Port, FreePort.UdpAndTcp()));
        var uac = Sipp.RunAsync(gw, "uac_cancel.xml", localAddress: "127.0.0.2", service: "914085551234");
        // While the caller listens (1.5 s), the gateway paces ringback into the caller's RTP leg.
        long sent = 0;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && !uac.IsCompleted && sent < 20)
        {
            foreach (var call in (await gw.GetJsonAsync("/api/calls")).EnumerateArray())
                foreach (var leg in call.GetProperty("legs").EnumerateArray())
                    if (leg.GetProperty("direction").GetString() == "inbound") sent = Math.Max(sent, leg.GetProperty("packetsSent").GetInt64());
            await Task.Delay(100);
        }
        var result = await uac;
        Assert.True(result.ExitCode == 0, result.Output + "\n" + gw.Output);
        Assert.True(sent >= 20, $"only {sent} ringback packets were sent to the caller");
        Assert.Equal(487, (await gw.FirstCdrAsync()).GetProperty("causeCode").GetInt32());
    }

    [Fact]
    public async Task Rfc4733_digits_from_the_caller_reach_a_far_end_without_telephone_event_as_sip_info()
    {
        await using var uas = SippUas.Start("uas_info.xml");
        await using var gw = await GatewayProcess.StartAsync(GatewayConfig.WithTrunks(uas.Port, FreePort.UdpAndTcp()));
        var uac = await Sipp.RunAsync(gw, "uac_dtmf.xml", localAddress: "127.0.0.2", service: "914085551234");
        Assert.True(uac.ExitCode == 0, uac.Output + "\n" + gw.Output);
        Assert.True(await uas.WaitAsync(TimeSpan.FromSeconds(20)) == 0, uas.Messages + "\n" + gw.Output);
        Assert.Contains("Content-Type: application/dtmf-relay", uas.Messages);
    }

    [Fact]
    public async Task An_unallocated_number_plays_the_announcement_as_early_media_then_404()
    {
        await using var gw = await GatewayProcess.StartAsync(GatewayConfig.WithTrunks(FreePort.UdpAndTcp(), FreePort.UdpAndTcp()));
        var uac = await Sipp.RunAsync(gw, "uac_unallocated.xml", localAddress: "127.0.0.2", service: "5555");
        Assert.True(uac.ExitCode == 0, uac.Output + "\n" + gw.Output);
        var cdr = await gw.FirstCdrAsync();
        Assert.Equal(404, cdr.GetProperty("causeCode").GetInt32());
        // The whole NotInService announcement (7.8 s) was played before the 404.
        var length = cdr.GetProperty("endUtc").GetDateTimeOffset() - cdr.GetProperty("startUtc").GetDateTimeOffset();
        Assert.InRange(length.TotalSeconds, 7.0, 15.0);
        Assert.Contains("announcement NotInService before 404", gw.Output);
    }

    [Fact]
    public async Task A_far_end_answering_422_gets_the_invite_again_with_its_min_se()
    {
        await using var uas = SippUas.Start("uas_422.xml");
        await using var gw = await GatewayProcess.StartAsync(GatewayConfig.WithTrunks(uas.Port, FreePort.UdpAndTcp()));
        var uac = await Sipp.RunAsync(gw, "uac_call.xml", localAddress: "127.0.0.2", service: "914085551234");
        Assert.True(uac.ExitCode == 0, uac.Output + "\n" + gw.Output);
        Assert.True(await uas.WaitAsync(TimeSpan.FromSeconds(20)) == 0, uas.Messages);
        Assert.Equal("GW_SJC_1", (await gw.FirstCdrAsync()).GetProperty("routeMember").GetString());
    }

    [Fact]
    public async Task Session_interval_below_min_se_gets_422_with_min_se()
    {
        await using var gw = await GatewayProcess.StartAsync(GatewayConfig.WithTrunks(FreePort.UdpAndTcp(), FreePort.UdpAndTcp()));
        using var probe = new SipProbe(gw.SipPort, "127.0.0.2");
        var invite = $"INVITE sip:914085551234@127.0.0.1:{gw.SipPort} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:{probe.LocalPort};branch=z9hG4bKse1\r\n" +
                     "Max-Forwards: 70\r\nFrom: <sip:6505551234@127.0.0.2>;tag=s1\r\nTo: <sip:914085551234@127.0.0.1>\r\nCall-ID: se422\r\n" +
                     "CSeq: 1 INVITE\r\nSupported: timer\r\nSession-Expires: 30\r\nContent-Length: 0\r\n\r\n";
        var response = await probe.RequestAsync(invite, TimeSpan.FromSeconds(5));
        while (SipProbe.StatusOf(response) is >= 100 and < 200) response = await probe.ReceiveAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(422, SipProbe.StatusOf(response));
        Assert.Contains("Min-SE: 90", response);
    }

    [Fact]
    public async Task A_caller_that_never_refreshes_its_session_timer_is_hung_up()
    {
        await using var uas = SippUas.Start("uas_check.xml", timeoutSeconds: 120);
        await using var gw = await GatewayProcess.StartAsync(GatewayConfig.WithTrunks(uas.Port, FreePort.UdpAndTcp()));
        // Session-Expires 90 with the caller as refresher: the gateway checks at 90 - 30 = 60 s and sends BYE both ways.
        var started = DateTime.UtcNow;
        var uac = await Sipp.RunAsync(gw, "uac_session_timer.xml", localAddress: "127.0.0.2", service: "914085551234", timeoutSeconds: 100);
        Assert.True(uac.ExitCode == 0, uac.Output + "\n" + gw.Output);
        Assert.InRange((DateTime.UtcNow - started).TotalSeconds, 55, 95);
        Assert.Equal(0, await uas.WaitAsync(TimeSpan.FromSeconds(20)));
        var cdr = await gw.FirstCdrAsync();
        Assert.Equal(408, cdr.GetProperty("causeCode").GetInt32());
        Assert.Contains("session timer", cdr.GetProperty("causeText").GetString());
    }
}
