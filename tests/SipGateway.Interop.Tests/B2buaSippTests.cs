using System.Text.Json;
using SipGateway.Interop.Tests.Infrastructure;

namespace SipGateway.Interop.Tests;

/// <summary>SIPp UAC → gateway → SIPp UAS over a trunk route pattern, with failover and caller identification.</summary>
public class B2buaSippTests
{
    [Theory]
    [InlineData("udp", "u1")]
    [InlineData("tcp", "t1")]
    public async Task Trunk_call_is_routed_with_digit_discard_and_calling_mask(string transport, string sippTransport)
    {
        await using var uas = SippUas.Start("uas_check.xml", sippTransport);
        await using var gw = await GatewayProcess.StartAsync(GatewayConfig.WithTrunks(uas.Port, FreePort.UdpAndTcp(), transport));
        var uac = await Sipp.RunAsync(gw, "uac_call.xml", sippTransport, localAddress: "127.0.0.2", service: "914085551234");
        Assert.True(uac.ExitCode == 0, uac.Output + "\n" + gw.Output);
        Assert.Equal(0, await uas.WaitAsync(TimeSpan.FromSeconds(20)));

        // What the far end received: 9 discarded (PreDot), the calling number through mask 408555XXXX.
        var messages = uas.Messages;
        Assert.Contains("INVITE sip:14085551234@127.0.0.1", messages);
        Assert.Matches("From: \"PSTN Caller\" <sip:4085551234@", messages);
        Assert.Contains("m=audio", messages);

        var cdr = await gw.FirstCdrAsync();
        Assert.Equal("GW_SJC_1", cdr.GetProperty("routeMember").GetString());
        Assert.Equal("14085551234", cdr.GetProperty("calledFinal").GetString());
        Assert.Equal("4085551234", cdr.GetProperty("callingFinal").GetString());
        Assert.Equal(200, cdr.GetProperty("causeCode").GetInt32());
        Assert.Equal(JsonValueKind.String, cdr.GetProperty("answerUtc").ValueKind);
        Assert.Equal(0, (await gw.GetJsonAsync("/api/calls")).GetArrayLength());
    }

    [Fact]
    public async Task A_trunk_set_to_present_its_did_sends_the_did_as_calling_number()
    {
        await using var uas = SippUas.Start("uas_check.xml");
        var config = System.Text.Json.Nodes.JsonNode.Parse(GatewayConfig.WithTrunks(uas.Port, FreePort.UdpAndTcp()))!.AsObject();
        config["Trunks"]!["GW_SJC_1"]!["CallingNumberSource"] = "Did";
        await using var gw = await GatewayProcess.StartAsync(config.ToJsonString());
        var uac = await Sipp.RunAsync(gw, "uac_call.xml", localAddress: "127.0.0.2", service: "914085551234");
        Assert.True(uac.ExitCode == 0, uac.Output + "\n" + gw.Output);
        Assert.Equal(0, await uas.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Matches("From: \"PSTN Caller\" <sip:4085550100@", uas.Messages);
    }

    [Fact]
    public async Task Failover_on_503_completes_on_the_next_member()
    {
        await using var failing = SippUas.Start("uas_reject.xml");
        await using var good = SippUas.Start("uas_check.xml");
        await using var gw = await GatewayProcess.StartAsync(GatewayConfig.WithTrunks(failing.Port, good.Port));
        var uac = await Sipp.RunAsync(gw, "uac_call.xml", localAddress: "127.0.0.2", service: "914085551234");
        // The second member's own view too: a CI run once saw it silent for 5 s (did the INVITE reach SIPp?).
        Assert.True(uac.ExitCode == 0, uac.Output + "\n" + gw.Output + "\n" + good.Diagnostics + "\n" + good.Messages);
        Assert.Equal(0, await good.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("INVITE sip:14085551234@", failing.Messages);
        Assert.Equal("GW_CENTRAL", (await gw.FirstCdrAsync()).GetProperty("routeMember").GetString());
    }

    [Fact]
    public async Task Failover_when_a_member_does_not_answer_at_all()
    {
        await using var good = SippUas.Start("uas_check.xml");
        int silent = FreePort.UdpAndTcp(); // nothing listens there
        await using var gw = await GatewayProcess.StartAsync(GatewayConfig.WithTrunks(silent, good.Port), "--Calls:MemberSetupTimeoutSeconds", "2");
        var uac = await Sipp.RunAsync(gw, "uac_call.xml", localAddress: "127.0.0.2", service: "914085551234");
        Assert.True(uac.ExitCode == 0, uac.Output + "\n" + gw.Output);
        Assert.Equal("GW_CENTRAL", (await gw.FirstCdrAsync()).GetProperty("routeMember").GetString());
    }

    [Fact]
    public async Task A_late_answer_from_a_member_given_up_is_acked_and_hung_up_while_the_next_member_rings()
    {
        // The first member says nothing for 3.5 s, then answers; by then the gateway gave up on it (2 s) and the next
        // member rings (it answers 3 s after its INVITE, about 5 s in).
        await using var late = SippUas.Start("uas_late_answer.xml");
        await using var next = SippUas.Start("uas_ring_then_answer.xml");
        await using var gw = await GatewayProcess.StartAsync(GatewayConfig.WithTrunks(late.Port, next.Port), "--Calls:MemberSetupTimeoutSeconds", "2");
        var uac = await Sipp.RunAsync(gw, "uac_call.xml", localAddress: "127.0.0.2", service: "914085551234");
        Assert.True(uac.ExitCode == 0, uac.Output + "\n" + gw.Output);
        // The late 200 got its ACK and a BYE (RFC 3261 §13.2.2.4); the call went on with the next member.
        Assert.True(await late.WaitAsync(TimeSpan.FromSeconds(20)) == 0, late.Diagnostics + "\n" + late.Messages + "\n" + gw.Output);
        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(20)) == 0, next.Diagnostics + "\n" + next.Messages + "\n" + gw.Output);
        var cdr = await gw.FirstCdrAsync();
        Assert.Equal("GW_CENTRAL", cdr.GetProperty("routeMember").GetString());
        Assert.Equal(200, cdr.GetProperty("causeCode").GetInt32());
    }

    [Fact]
    public async Task Caller_cancel_is_carried_to_the_ringing_far_end()
    {
        await using var ringing = SippUas.Start("uas_ring_cancel.xml");
        await using var gw = await GatewayProcess.StartAsync(GatewayConfig.WithTrunks(ringing.Port, FreePort.UdpAndTcp()));
        var uac = await Sipp.RunAsync(gw, "uac_cancel.xml", localAddress: "127.0.0.2", service: "914085551234");
        Assert.True(uac.ExitCode == 0, uac.Output + "\n" + gw.Output);
        Assert.True(await ringing.WaitAsync(TimeSpan.FromSeconds(20)) == 0, ringing.Diagnostics + "\n" + gw.Output);
        var cdr = await gw.FirstCdrAsync();
        Assert.Equal(487, cdr.GetProperty("causeCode").GetInt32());
        Assert.Equal(JsonValueKind.Null, cdr.GetProperty("answerUtc").ValueKind);
    }

    [Fact]
    public async Task Unknown_source_gets_a_challenge_and_no_outbound_invite()
    {
        await using var uas = SippUas.Start("uas_check.xml");
        await using var gw = await GatewayProcess.StartAsync(GatewayConfig.WithTrunks(uas.Port, uas.Port));
        using var probe = new SipProbe(gw.SipPort); // from 127.0.0.1: not a trunk source, not a device
        var invite = $"INVITE sip:914085551234@127.0.0.1:{gw.SipPort} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{probe.LocalPort};branch=z9hG4bKfraud\r\n" +
                     "Max-Forwards: 70\r\nFrom: <sip:6505551234@127.0.0.1>;tag=f1\r\nTo: <sip:914085551234@127.0.0.1>\r\nCall-ID: fraud1\r\n" +
                     "CSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
        var response = await probe.RequestAsync(invite, TimeSpan.FromSeconds(5));
        while (SipProbe.StatusOf(response) is >= 100 and < 200) response = await probe.ReceiveAsync(TimeSpan.FromSeconds(5));
        // Challenged like a phone (Security:Auth:AlwaysChallenge, the default): the answer does not tell it is unknown.
        Assert.True(SipProbe.StatusOf(response) == 401, response);
        Assert.Contains("WWW-Authenticate: Digest", response);

        // The same caller answering the challenge with credentials no device has is challenged again and never routed.
        var uac = await Sipp.RunAsync(gw, "uac_call_auth.xml", user: "6505551234", password: "guess", service: "914085551234",
            timeoutSeconds: 8, extra: ["-key", "caller", "6505551234"]);
        Assert.NotEqual(0, uac.ExitCode);
        Assert.Contains("authentication of '6505551234' failed: unknown user", gw.Output);
        await Task.Delay(500);
        Assert.DoesNotContain("INVITE sip:", uas.Messages);
        Assert.Equal(0, (await gw.GetJsonAsync("/api/cdrs")).GetArrayLength());
    }

    [Fact]
    public async Task Blocked_pattern_gets_403_with_its_reason()
    {
        await using var gw = await GatewayProcess.StartAsync(GatewayConfig.WithTrunks(FreePort.UdpAndTcp(), FreePort.UdpAndTcp()));
        var uac = await Sipp.RunAsync(gw, "uac_call.xml", localAddress: "127.0.0.2", service: "919005551234");
        Assert.NotEqual(0, uac.ExitCode);
        Assert.Contains("403", uac.Output + (await gw.GetJsonAsync("/api/cdrs")).ToString());
        var cdr = await gw.FirstCdrAsync();
        Assert.Equal(403, cdr.GetProperty("causeCode").GetInt32());
        Assert.Contains("Premium numbers are blocked", cdr.GetProperty("causeText").GetString());
    }
}
