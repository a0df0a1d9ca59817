using System.Text.Json.Nodes;
using SipGateway.Interop.Tests.Infrastructure;

namespace SipGateway.Interop.Tests;

/// <summary>
/// UCM line rules through the running gateway: Call Forward All / Busy / No Answer, Do Not Disturb, the busy trigger and
/// the no-answer timeout. A trunk caller (SIPp from 127.0.0.2) dials line 1001; SIPp UASs registered as the phones of
/// 1001 and 1002 answer, ring or stay busy.
/// </summary>
public class LineRulesTests
{
    /// <summary>The demo config with GW_IN and line 1001 (device SEP0011AABBCC02) given <paramref name="line"/>'s settings.</summary>
    private static string WithLine1001(JsonObject line)
    {
        var c = JsonNode.Parse(GatewayConfig.WithTrunks(FreePort.UdpAndTcp(), FreePort.UdpAndTcp()))!.AsObject();
        var target = c["Devices"]!["SEP0011AABBCC02"]!["Lines"]![0]!.AsObject();
        foreach (var (key, value) in line) target[key] = value?.DeepClone();
        return c.ToJsonString();
    }

    [Fact]
    public async Task Call_forward_all_sends_the_call_to_the_forward_destination()
    {
        await using var gw = await GatewayProcess.StartAsync(WithLine1001(new JsonObject { ["CallForwardAll"] = new JsonObject { ["Destination"] = "1002", ["Css"] = "CSS_Internal" } }));
        await using var phone1002 = await Sipp.PhoneAsync(gw, "1002", "uas_check.xml");

        var uac = await Sipp.RunAsync(gw, "uac_call.xml", localAddress: "127.0.0.2", service: "1001");
        Assert.True(uac.ExitCode == 0, uac.Output + "\n" + gw.Output);
        Assert.Equal(0, await phone1002.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("INVITE sip:1002@127.0.0.1", phone1002.Messages);
        var cdr = await gw.FirstCdrAsync();
        Assert.Equal("1001", cdr.GetProperty("calledOriginal").GetString());
        Assert.Equal("1002", cdr.GetProperty("calledFinal").GetString());
        Assert.Equal(200, cdr.GetProperty("causeCode").GetInt32());
    }

    [Fact]
    public async Task A_call_forwarded_to_the_pstn_carries_a_diversion_header()
    {
        await using var pstn = SippUas.Start("uas_check.xml");
        var config = JsonNode.Parse(WithLine1001(new JsonObject { ["CallForwardAll"] = new JsonObject { ["Destination"] = "914085551234", ["Css"] = "CSS_National" } }))!.AsObject();
        config["Trunks"]!["GW_SJC_1"]!["Destination"] = $"127.0.0.1:{pstn.Port}";
        await using var gw = await GatewayProcess.StartAsync(config.ToJsonString());

        var uac = await Sipp.RunAsync(gw, "uac_call.xml", localAddress: "127.0.0.2", service: "1001");
        Assert.True(uac.ExitCode == 0, uac.Output + "\n" + gw.Output);
        Assert.Equal(0, await pstn.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Contains("INVITE sip:14085551234@", pstn.Messages);
        Assert.Matches("Diversion: <sip:1001@[^>]+>;reason=unconditional;counter=1", pstn.Messages);
    }

    [Fact]
    public async Task Call_forward_no_answer_moves_a_ringing_call_after_the_ring_duration()
    {
        await using var gw = await GatewayProcess.StartAsync(WithLine1001(new JsonObject
        {
            ["CallForwardNoAnswer"] = new JsonObject { ["Destination"] = "1002" }, ["NoAnswerRingDurationSeconds"] = 2,
        }));
        await using var phone1001 = await Sipp.PhoneAsync(gw, "1001", "uas_ring_cancel.xml");
        await using var phone1002 = await Sipp.PhoneAsync(gw, "1002", "uas_check.xml");

        var uac = await Sipp.RunAsync(gw, "uac_call.xml", localAddress: "127.0.0.2", service: "1001");
        Assert.True(uac.ExitCode == 0, uac.Output + "\n" + gw.Output);
        // 1001 rang, then was cancelled; 1002 took the call.
        Assert.True(await phone1001.WaitAsync(TimeSpan.FromSeconds(20)) == 0, phone1001.Messages);
        Assert.Contains("CANCEL sip:1001@", phone1001.Messages);
        Assert.Contains("Reason: SIP;cause=480;text=\"Call Forward No Answer\"", phone1001.Messages);
        Assert.Equal(0, await phone1002.WaitAsync(TimeSpan.FromSeconds(20)));
        var cdr = await gw.FirstCdrAsync();
        Assert.Equal("1002", cdr.GetProperty("calledFinal").GetString());
        Assert.Equal(200, cdr.GetProperty("causeCode").GetInt32());
    }

    [Fact]
    public async Task A_call_nobody_answers_ends_with_480_not_487()
    {
        await using var gw = await GatewayProcess.StartAsync(WithLine1001([]), "--Calls:NoAnswerTimeoutSeconds", "5");
        await using var phone1001 = await Sipp.PhoneAsync(gw, "1001", "uas_ring_cancel.xml");

        var uac = await Sipp.RunAsync(gw, "uac_call.xml", localAddress: "127.0.0.2", service: "1001");
        Assert.NotEqual(0, uac.ExitCode);
        Assert.Contains("480", uac.Output);
        Assert.True(await phone1001.WaitAsync(TimeSpan.FromSeconds(20)) == 0, phone1001.Messages);
        var cdr = await gw.FirstCdrAsync();
        Assert.Equal(480, cdr.GetProperty("causeCode").GetInt32());
    }

    [Fact]
    public async Task Do_not_disturb_rejects_with_486_and_never_rings_the_phone()
    {
        await using var gw = await GatewayProcess.StartAsync(WithLine1001(new JsonObject { ["DoNotDisturb"] = true }));
        await using var phone1001 = await Sipp.PhoneAsync(gw, "1001", "uas_check.xml");

        var uac = await Sipp.RunAsync(gw, "uac_call.xml", localAddress: "127.0.0.2", service: "1001");
        Assert.NotEqual(0, uac.ExitCode);
        var cdr = await gw.FirstCdrAsync();
        Assert.Equal(486, cdr.GetProperty("causeCode").GetInt32());
        Assert.Contains("Do Not Disturb", cdr.GetProperty("causeText").GetString());
        Assert.DoesNotContain("INVITE sip:", phone1001.Messages);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Busy_trigger_makes_the_second_call_busy_or_forwards_it(bool forwardBusy)
    {
        var line = new JsonObject { ["MaxCalls"] = 2, ["BusyTrigger"] = 1 };
        if (forwardBusy) line["CallForwardBusy"] = "1002";
        await using var gw = await GatewayProcess.StartAsync(WithLine1001(line));
        await using var phone1001 = await Sipp.PhoneAsync(gw, "1001", "uas_check.xml");
        await using var phone1002 = await Sipp.PhoneAsync(gw, "1002", "uas_check.xml");

        // The first call holds line 1001 for 6 s; the second arrives while it is up.
        var first = Sipp.RunAsync(gw, "uac_call_long.xml", localAddress: "127.0.0.2", service: "1001", extra: ["-d", "6000"]);
        Assert.True(await Poll.UntilAsync(async () => (await gw.GetJsonAsync("/api/calls")).ToString().Contains("Answered"), TimeSpan.FromSeconds(10)), gw.Output);
        var second = await Sipp.RunAsync(gw, "uac_call.xml", localAddress: "127.0.0.2", service: "1001");
        Assert.True((await first).ExitCode == 0, gw.Output);
        if (forwardBusy)
        {
            Assert.True(second.ExitCode == 0, second.Output + gw.Output);
            Assert.Equal(0, await phone1002.WaitAsync(TimeSpan.FromSeconds(20)));
        }
        else
        {
            Assert.NotEqual(0, second.ExitCode);
            Assert.Contains("486", second.Output);
            Assert.DoesNotContain("INVITE sip:", phone1002.Messages);
        }
        Assert.True(await Poll.UntilAsync(async () => (await gw.GetJsonAsync("/api/cdrs")).GetArrayLength() == 2, TimeSpan.FromSeconds(10)));
        var causes = (await gw.GetJsonAsync("/api/cdrs")).EnumerateArray().Select(c => c.GetProperty("causeCode").GetInt32()).OrderBy(c => c).ToList();
        Assert.Equal(forwardBusy ? [200, 200] : [200, 486], causes);
    }
}
