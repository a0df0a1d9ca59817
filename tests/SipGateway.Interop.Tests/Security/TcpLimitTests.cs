using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SipGateway.Interop.Tests.Infrastructure;

namespace SipGateway.Interop.Tests.Security;

/// <summary>
/// Per-source TCP limits through the running gateway (issue 24): one address cannot take every connection slot
/// (Security:Tcp:MaxConnectionsPerSource, default 32; trunk sources exempt), a connection that never speaks is closed after
/// Security:Tcp:FirstMessageSeconds, and a message trickled one byte at a time is cut when its deadline, counted from its
/// first byte, passes (it used to restart with every byte).
/// </summary>
public class TcpLimitTests
{
    [Fact]
    public async Task Connections_over_the_per_source_limit_are_closed_while_other_sources_are_served()
    {
        await using var gw = await GatewayProcess.StartAsync(null, "--Security:Tcp:FirstMessageSeconds", "60");
        const int limit = 32, extra = 8;
        var flood = new List<Socket>();
        try
        {
            for (int i = 0; i < limit + extra; i++) flood.Add(await ConnectAsync(gw, "127.0.0.6"));
            // The gateway accepts, counts and closes the extra ones at once: exactly `extra` see the connection end.
            var closed = await CountClosedAsync(flood, TimeSpan.FromSeconds(3));
            Console.WriteLine($"from 127.0.0.6: {flood.Count} connections opened, {closed} closed by the gateway");
            Assert.Equal(extra, closed);

            // Another address still gets its OPTIONS answered over TCP.
            using var other = await ConnectAsync(gw, "127.0.0.7");
            Assert.Equal(200, await OptionsOverAsync(other, gw));
            // A trunk's source (GW_SJC_1 sends from 127.0.0.2 in the demo config) is not limited.
            var trunk = new List<Socket>();
            for (int i = 0; i < limit + extra; i++) trunk.Add(await ConnectAsync(gw, "127.0.0.2"));
            Assert.Equal(0, await CountClosedAsync(trunk, TimeSpan.FromSeconds(2)));
            Assert.Equal(200, await OptionsOverAsync(trunk[^1], gw));
            foreach (var s in trunk) s.Dispose();

            var health = await gw.GetJsonAsync("/health");
            Assert.Equal(extra, health.GetProperty("sip").GetProperty("tcpRefusedPerSource").GetInt64());
            Assert.Contains("refused 1 TCP connection(s) over the limit of 32 per source address", gw.Output);
        }
        finally
        {
            foreach (var s in flood) s.Dispose();
        }
    }

    [Fact]
    public async Task A_connection_that_never_sends_a_message_is_closed_after_the_first_message_deadline()
    {
        await using var gw = await GatewayProcess.StartAsync(null, "--Security:Tcp:FirstMessageSeconds", "2");
        using var silent = await ConnectAsync(gw, "127.0.0.8");
        using var pinging = await ConnectAsync(gw, "127.0.0.8");
        var clock = Stopwatch.StartNew();
        // Keep-alive CRLFs are not a message (RFC 5626 §4.4.1): they do not buy time either.
        for (int i = 0; i < 4 && clock.Elapsed < TimeSpan.FromSeconds(1.5); i++)
        {
            await pinging.SendAsync("\r\n\r\n"u8.ToArray());
            await Task.Delay(300);
        }
        Assert.True(await WaitClosedAsync(silent, TimeSpan.FromSeconds(8)), "a silent connection was still open 8 s after a 2 s deadline");
        Assert.True(await WaitClosedAsync(pinging, TimeSpan.FromSeconds(4)));
        Console.WriteLine($"silent connections closed after {clock.Elapsed.TotalSeconds:0.0} s (deadline 2 s)");
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(8));
    }

    [Fact]
    public async Task A_trickled_message_is_cut_when_its_deadline_from_the_first_byte_passes()
    {
        await using var gw = await GatewayProcess.StartAsync(null, "--Sip:TcpIncompleteMessageTimeoutSeconds", "3");
        using var trickler = await ConnectAsync(gw, "127.0.0.9");
        var message = Encoding.ASCII.GetBytes(Options(trickler, gw, "trickle"));
        var clock = Stopwatch.StartNew();
        int sent = 0;
        bool cut = false;
        // One byte every 500 ms: each gap is far below the 3 s timeout, so only a deadline from the first byte ends it.
        while (sent < message.Length && clock.Elapsed < TimeSpan.FromSeconds(15))
        {
            try { await trickler.SendAsync(message.AsMemory(sent, 1)); }
            catch (SocketException) { cut = true; break; }
            sent++;
            if (await WaitClosedAsync(trickler, TimeSpan.FromMilliseconds(500))) { cut = true; break; }
        }
        Console.WriteLine($"trickler cut={cut} after {clock.Elapsed.TotalSeconds:0.0} s and {sent} bytes (deadline 3 s)");
        Assert.True(cut, $"the trickler still held its connection after {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(8));
        Assert.True((await gw.GetJsonAsync("/health")).GetProperty("sip").GetProperty("tcpClosedStalled").GetInt64() >= 1);
    }

    private static async Task<Socket> ConnectAsync(GatewayProcess gw, string from)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        s.Bind(new IPEndPoint(IPAddress.Parse(from), 0));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await s.ConnectAsync(new IPEndPoint(IPAddress.Loopback, gw.SipPort), cts.Token);
        return s;
    }

    private static string Options(Socket s, GatewayProcess gw, string callId)
    {
        var local = (IPEndPoint)s.LocalEndPoint!;
        return $"OPTIONS sip:127.0.0.1:{gw.SipPort};transport=tcp SIP/2.0\r\nVia: SIP/2.0/TCP {local.Address}:{local.Port};branch=z9hG4bK{callId}\r\n" +
               $"Max-Forwards: 70\r\nFrom: <sip:probe@{local.Address}>;tag={callId}\r\nTo: <sip:127.0.0.1>\r\nCall-ID: {callId}\r\n" +
               "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
    }

    /// <summary>Sends an OPTIONS on the connection and returns the status code of the answer (0 if none in 5 s).</summary>
    private static async Task<int> OptionsOverAsync(Socket s, GatewayProcess gw)
    {
        await s.SendAsync(Encoding.ASCII.GetBytes(Options(s, gw, "tcp" + Guid.NewGuid().ToString("N")[..8])));
        var buffer = new byte[8192];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            int n = await s.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            var text = Encoding.ASCII.GetString(buffer, 0, n);
            return text.StartsWith("SIP/2.0 ", StringComparison.Ordinal) ? int.Parse(text.AsSpan(8, 3)) : -1;
        }
        catch (OperationCanceledException) { return 0; }
    }

    /// <summary>True when the peer closed or reset the connection within <paramref name="timeout"/>.</summary>
    private static async Task<bool> WaitClosedAsync(Socket s, TimeSpan timeout)
    {
        var buffer = new byte[1024];
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                if (await s.ReceiveAsync(buffer, SocketFlags.None, cts.Token) == 0) return true;
            }
        }
        catch (OperationCanceledException) { return false; }
        catch (SocketException) { return true; }
    }

    private static async Task<int> CountClosedAsync(IEnumerable<Socket> sockets, TimeSpan timeout)
    {
        var results = await Task.WhenAll(sockets.Select(s => WaitClosedAsync(s, timeout)));
        return results.Count(c => c);
    }
}
