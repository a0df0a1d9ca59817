using System.Text.RegularExpressions;
using SipGateway.Interop.Tests.Infrastructure;

namespace SipGateway.Interop.Tests.ExtendConnect;

/// <summary>
/// The shared run of a blind transfer of an answered Dial Via Office call through the running gateway, by CTI
/// <c>transfer</c> or <c>redirect</c> (the same operation on an answered call): the remote destination (14085550199),
/// the far party (14085550188) and the destination (14085550177) are all one SIPp UAS behind trunk GW_SJC_1. Once the
/// destination answers, the remote destination's leg gets a BYE and the far party stays up, joined to the destination.
/// </summary>
internal static class BlindTransferCheck
{
    public static async Task RunAsync(string operation)
    {
        await using var uas = SippEchoUas.Start("uas_check.xml", calls: 3);
        await using var gw = await GatewayProcess.StartAsync(ExtendConnectConfig.Build(uas.Port, FreePort.UdpAndTcp()).ToJsonString());
        await using var cti = new CtiClient(gw, ExtendConnectConfig.CrmKey);
        await cti.ConnectEventsAsync();
        Assert.Equal(201, (await cti.PostAsync("/cti/devices/CTRIDalice/remote-destinations", new { number = "914085550199", active = true })).Status);
        var made = await cti.PostAsync("/cti/devices/CTRIDalice/calls", new { destination = "914085550188" });
        Assert.True(made.Status == 201, made.Body.ToString());
        var callId = made.Body.GetProperty("callId").GetString()!;
        await cti.WaitForEventAsync("Connected", callId, TimeSpan.FromSeconds(20));

        var missing = await cti.PostAsync($"/cti/calls/{callId}/{operation}", new { });
        Assert.Equal("DESTINATION_REQUIRED", missing.Body.GetProperty("error").GetString());
        var nowhere = await cti.PostAsync($"/cti/calls/{callId}/{operation}", new { destination = "7" });
        Assert.Equal("DESTINATION_NOT_REACHABLE", nowhere.Body.GetProperty("error").GetString());
        Assert.Equal(200, (await cti.PostAsync($"/cti/calls/{callId}/{operation}", new { destination = "914085550177" })).Status);
        await cti.WaitForEventAsync("Transferred", callId, TimeSpan.FromSeconds(20));

        string CallIdOf(string number) =>
            Regex.Match(uas.Messages, $@"INVITE sip:{number}@[^\n]*\n(?:[^\n]+\n)*?Call-ID:\s*(\S+)", RegexOptions.IgnoreCase).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(CallIdOf("14085550199")), "no INVITE to the remote destination\n" + uas.Messages);
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(Regex.IsMatch(uas.Messages, $@"BYE sip:[^\n]*\n(?:[^\n]+\n)*?Call-ID:\s*{Regex.Escape(CallIdOf("14085550199"))}")),
            TimeSpan.FromSeconds(10)), "the remote destination's leg was not released\n" + uas.Messages);
        await Task.Delay(500);
        foreach (var number in new[] { "14085550188", "14085550177" })
        {
            var id = CallIdOf(number);
            Assert.False(string.IsNullOrEmpty(id), $"no INVITE to {number}\n" + uas.Messages);
            Assert.DoesNotMatch($@"BYE sip:[^\n]*\n(?:[^\n]+\n)*?Call-ID:\s*{Regex.Escape(id)}", uas.Messages);
        }
        var calls = (await cti.SendAsync(HttpMethod.Get, "/cti/calls")).Body;
        Assert.Equal(0, calls.GetArrayLength()); // the device is out of it: no CTI call is left
    }
}
