using System.Text;
using System.Text.RegularExpressions;
using SipGateway.Interop.Tests.Infrastructure;

namespace SipGateway.Interop.Tests;

/// <summary>
/// Attended transfer (REFER with Replaces, RFC 3891) handled by the gateway: a transferor on the GW_IN trunk (a raw SIP
/// probe from 127.0.0.2) holds two calls to a SIPp UAS, then refers the first call's far end to the second call. The
/// two far ends end up connected to each other and the transferor is released from both.
/// </summary>
public class AttendedTransferTests
{
    [Fact]
    public async Task Refer_with_replaces_joins_the_transferors_two_calls()
    {
        await using var uas = SippUas.Start("uas_check.xml", calls: 2, timeoutSeconds: 60);
        await using var gw = await GatewayProcess.StartAsync(GatewayConfig.WithTrunks(uas.Port, FreePort.UdpAndTcp()));
        using var probe = new SipProbe(gw.SipPort, "127.0.0.2");
        var first = await CallAsync(probe, gw.SipPort, "att-1", "fa");
        var second = await CallAsync(probe, gw.SipPort, "att-2", "fb");

        var replaces = Uri.EscapeDataString($"att-2;to-tag={second.ToTag};from-tag=fb");
        var refer = $"REFER {first.Contact} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:{probe.LocalPort};branch=z9hG4bKref1\r\nMax-Forwards: 70\r\n" +
                    $"From: <sip:6505551234@127.0.0.2>;tag=fa\r\nTo: <sip:914085551234@127.0.0.1>;tag={first.ToTag}\r\nCall-ID: att-1\r\nCSeq: 3 REFER\r\n" +
                    $"Contact: <sip:6505551234@127.0.0.2:{probe.LocalPort}>\r\nRefer-To: <sip:914085551234@127.0.0.1?Replaces={replaces}>\r\nContent-Length: 0\r\n\r\n";
        await probe.SendAsync(Encoding.UTF8.GetBytes(refer));

        // Collect what the gateway sends for a few seconds, answering every request with 200.
        var seen = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(6);
        while (DateTime.UtcNow < deadline)
        {
            var message = await probe.ReceiveAsync(deadline - DateTime.UtcNow);
            if (message is null) break;
            seen.Add(message);
            if (!message.StartsWith("SIP/2.0")) await probe.SendAsync(Encoding.UTF8.GetBytes(OkFor(message)));
            if (seen.Count(m => m.StartsWith("BYE ")) == 2 && seen.Any(m => m.StartsWith("NOTIFY ") && m.Contains("SIP/2.0 200"))) break;
        }
        var all = string.Join("\n----\n", seen);
        Assert.Contains(seen, m => m.StartsWith("SIP/2.0 202") && m.Contains("CSeq: 3 REFER"));
        Assert.Contains(seen, m => m.StartsWith("NOTIFY ") && m.Contains("Event: refer") && m.Contains("message/sipfrag") && m.Contains("SIP/2.0 200 OK"));
        Assert.True(seen.Any(m => m.StartsWith("BYE ") && m.Contains("Call-ID: att-1")) && seen.Any(m => m.StartsWith("BYE ") && m.Contains("Call-ID: att-2")),
            "the transferor was not released from both calls:\n" + all + "\n" + gw.Output);

        // One call remains: the two far ends, relayed to each other.
        var calls = await gw.GetJsonAsync("/api/calls");
        Assert.Equal(1, calls.GetArrayLength());
        var peers = calls[0].GetProperty("legs").EnumerateArray().Select(l => l.GetProperty("peer").GetString()).ToList();
        Assert.Equal(2, peers.Count);
        Assert.All(peers, p => Assert.EndsWith($":{uas.Port}", p));
        Assert.Contains(calls[0].GetProperty("redirections").EnumerateArray(), r => r.GetString()!.StartsWith("Attended transfer"));
        var cdr = await gw.FirstCdrAsync();
        Assert.Equal(200, cdr.GetProperty("causeCode").GetInt32());
        Assert.Contains("attended transfer", cdr.GetProperty("causeText").GetString());
    }

    private sealed record Leg(string ToTag, string Contact);

    /// <summary>INVITE from the trunk, provisional responses skipped, ACK for the 200.</summary>
    private static async Task<Leg> CallAsync(SipProbe probe, int gwPort, string callId, string fromTag)
    {
        var sdp = "v=0\r\no=t 1 1 IN IP4 127.0.0.2\r\ns=-\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\nm=audio 40002 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
        var invite = $"INVITE sip:914085551234@127.0.0.1:{gwPort} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:{probe.LocalPort};branch=z9hG4bK{callId}\r\n" +
                     $"Max-Forwards: 70\r\nFrom: <sip:6505551234@127.0.0.2>;tag={fromTag}\r\nTo: <sip:914085551234@127.0.0.1>\r\nCall-ID: {callId}\r\n" +
                     $"CSeq: 1 INVITE\r\nContact: <sip:6505551234@127.0.0.2:{probe.LocalPort}>\r\nContent-Type: application/sdp\r\nContent-Length: {sdp.Length}\r\n\r\n{sdp}";
        await probe.SendAsync(Encoding.UTF8.GetBytes(invite));
        string? ok = null;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (ok is null && DateTime.UtcNow < deadline)
        {
            var r = await probe.ResponseForAsync(callId, deadline - DateTime.UtcNow);
            if (SipProbe.StatusOf(r) == 200 && r!.Contains("CSeq: 1 INVITE")) ok = r;
        }
        Assert.True(ok is not null, $"call {callId} was not answered");
        var toTag = Regex.Match(ok!, @"\nTo:[^\r]*;tag=([^;\r>]+)").Groups[1].Value;
        var contact = Regex.Match(ok, @"\nContact:\s*<([^>]+)>").Groups[1].Value;
        var ack = $"ACK {contact} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:{probe.LocalPort};branch=z9hG4bK{callId}ack\r\nMax-Forwards: 70\r\n" +
                  $"From: <sip:6505551234@127.0.0.2>;tag={fromTag}\r\nTo: <sip:914085551234@127.0.0.1>;tag={toTag}\r\nCall-ID: {callId}\r\nCSeq: 1 ACK\r\nContent-Length: 0\r\n\r\n";
        await probe.SendAsync(Encoding.UTF8.GetBytes(ack));
        return new Leg(toTag, contact);
    }

    private static string OkFor(string request)
    {
        string Header(string name) => Regex.Match(request, $@"\n{name}:[^\r]*").Value.TrimStart('\n');
        return $"SIP/2.0 200 OK\r\n{Header("Via")}\r\n{Header("From")}\r\n{Header("To")}\r\n{Header("Call-ID")}\r\n{Header("CSeq")}\r\nContent-Length: 0\r\n\r\n";
    }
}
