using System.Text.RegularExpressions;
using SipGateway.Interop.Tests.Infrastructure;

namespace SipGateway.Interop.Tests.ExtendConnect;

/// <summary>
/// CTI hold and retrieve of a Dial Via Office call re-INVITE the held party: sendonly on hold, sendrecv on retrieve,
/// each with a higher SDP version. Both legs go to one SIPp UAS behind trunk GW_SJC_1 that answers re-INVITEs.
/// </summary>
public class HoldReInviteTests
{
    [Fact]
    public async Task Hold_re_invites_the_far_party_sendonly_and_retrieve_sendrecv()
    {
        await using var uas = SippEchoUas.Start("uas_reinvite.xml", calls: 2);
        await using var gw = await GatewayProcess.StartAsync(ExtendConnectConfig.Build(uas.Port, FreePort.UdpAndTcp()).ToJsonString());
        await using var cti = new CtiClient(gw, ExtendConnectConfig.CrmKey);
        await cti.ConnectEventsAsync();
        Assert.Equal(201, (await cti.PostAsync("/cti/devices/CTRIDalice/remote-destinations", new { number = "914085550199", active = true })).Status);
        var made = await cti.PostAsync("/cti/devices/CTRIDalice/calls", new { destination = "914085550188" });
        Assert.True(made.Status == 201, made.Body.ToString());
        var callId = made.Body.GetProperty("callId").GetString()!;
        await cti.WaitForEventAsync("Connected", callId, TimeSpan.FromSeconds(20));

        Assert.Equal(200, (await cti.PostAsync($"/cti/calls/{callId}/hold")).Status);
        await cti.WaitForEventAsync("Held", callId);
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(ReInvites(uas.Messages).Count == 1), TimeSpan.FromSeconds(5)),
            "no hold re-INVITE reached the far party\n" + uas.Messages);
        Assert.Equal(200, (await cti.PostAsync($"/cti/calls/{callId}/retrieve")).Status);
        await cti.WaitForEventAsync("Retrieved", callId);
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(ReInvites(uas.Messages).Count == 2), TimeSpan.FromSeconds(5)),
            "no retrieve re-INVITE reached the far party\n" + uas.Messages);

        Assert.Equal(200, (await cti.PostAsync($"/cti/calls/{callId}/disconnect")).Status);
        await cti.WaitForEventAsync("Disconnected", callId);
        Assert.True(await uas.WaitAsync(TimeSpan.FromSeconds(15)) == 0, uas.Errors + "\n" + gw.Output);

        var reInvites = ReInvites(uas.Messages);
        Assert.Equal(2, reInvites.Count);
        // Only the far party (14085550188) is re-INVITEd, never the remote destination.
        Assert.All(reInvites, r => Assert.True(r.ToFarParty, r.Text));
        Assert.Contains("a=sendonly", reInvites[0].Text);
        Assert.Contains("a=sendrecv", reInvites[1].Text);
        Assert.True(reInvites[1].Version > reInvites[0].Version && reInvites[0].Version > reInvites[0].InitialVersion,
            $"SDP versions {reInvites[0].InitialVersion} -> {reInvites[0].Version} -> {reInvites[1].Version}");
    }

    /// <summary>The INVITEs received within an existing dialog (a To tag), with their SDP version and the dialog's first one.</summary>
    private static List<(string Text, ulong Version, ulong InitialVersion, bool ToFarParty)> ReInvites(string trace)
    {
        var invites = Regex.Split(trace, @"(?=^INVITE sip:)", RegexOptions.Multiline).Where(m => m.StartsWith("INVITE sip:", StringComparison.Ordinal))
            // Only the INVITE itself: SIPp's trace separates messages with a line of dashes.
            .Select(m => m.IndexOf("\n-----", StringComparison.Ordinal) is var end and > 0 ? m[..end] : m).ToList();
        var result = new List<(string, ulong, ulong, bool)>();
        var firstVersion = new Dictionary<string, ulong>();
        var farCallIds = new HashSet<string>();
        foreach (var m in invites)
        {
            var callId = Regex.Match(m, @"^Call-ID:\s*(\S+)", RegexOptions.Multiline | RegexOptions.IgnoreCase).Groups[1].Value;
            var version = ulong.Parse(Regex.Match(m, @"^o=\S+ \d+ (\d+)", RegexOptions.Multiline).Groups[1].Value);
            bool inDialog = Regex.IsMatch(m, @"^To:[^\r\n]*;tag=", RegexOptions.Multiline | RegexOptions.IgnoreCase);
            if (!inDialog)
            {
                firstVersion[callId] = version;
                if (m.StartsWith("INVITE sip:14085550188@", StringComparison.Ordinal)) farCallIds.Add(callId);
                continue;
            }
            result.Add((m, version, firstVersion.GetValueOrDefault(callId), farCallIds.Contains(callId)));
        }
        return result;
    }
}
