using System.Net;
using System.Net.Sockets;
using System.Text;
using SipGateway.Interop.Tests.Infrastructure;

namespace SipGateway.Interop.Tests;

/// <summary>Bad input against the running gateway: it keeps answering, stays bounded in memory, and drops stalled TCP peers.</summary>
public class RobustnessTests
{
    [Fact]
    public async Task Survives_a_thousand_random_and_mutated_datagrams()
    {
        await using var gw = await GatewayProcess.StartAsync();
        using var probe = new SipProbe(gw.SipPort);
        Assert.Equal(200, SipProbe.StatusOf(await probe.RequestAsync(probe.Options("before"), TimeSpan.FromSeconds(5))));
        long rssBefore = gw.ResidentBytes();

        var random = new Random(4475);
        var seeds = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "data", "seeds")).Select(File.ReadAllBytes).ToArray();
        Assert.NotEmpty(seeds);
        using var sender = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var target = new IPEndPoint(IPAddress.Loopback, gw.SipPort);
        for (int i = 0; i < 1000; i++)
        {
            var datagram = (i % 4) switch
            {
                0 => RandomBytes(random),
                _ => Mutate(seeds[random.Next(seeds.Length)], random),
            };
            await sender.SendAsync(datagram, target);
            if (i % 50 == 49) await Task.Delay(10); // bounded pace: about 1,000 datagrams in well under a second or two
        }

        Assert.False(gw.HasExited, gw.Output);
        var after = await probe.ResponseForAsync("after", TimeSpan.FromSeconds(1)) ?? await probe.RequestAsync(probe.Options("after"), TimeSpan.FromSeconds(5));
        after = after is not null && after.Contains("Call-ID: after") ? after : await probe.ResponseForAsync("after", TimeSpan.FromSeconds(5));
        Assert.Equal(200, SipProbe.StatusOf(after));
        var health = await gw.GetJsonAsync("/health");
        Assert.Equal("ok", health.GetProperty("status").GetString());
        long growth = gw.ResidentBytes() - rssBefore;
        Assert.True(growth < 64L * 1024 * 1024, $"resident memory grew by {growth / 1024 / 1024} MB");
    }

    [Fact]
    public async Task Stalled_tcp_peer_is_disconnected_while_others_are_served()
    {
        await using var gw = await GatewayProcess.StartAsync(null, "--Sip:TcpIncompleteMessageTimeoutSeconds", "2");
        using var stalled = new TcpClient();
        await stalled.ConnectAsync(IPAddress.Loopback, gw.SipPort);
        var stream = stalled.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            "OPTIONS sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:9;branch=z9hG4bKstall\r\nMax-Forwards: 70\r\nX-Never-Ends: "));
        var started = DateTime.UtcNow;

        // Meanwhile UDP and another TCP connection are answered.
        using (var probe = new SipProbe(gw.SipPort))
            Assert.Equal(200, SipProbe.StatusOf(await probe.RequestAsync(probe.Options("udp-during-stall"), TimeSpan.FromSeconds(5))));
        using (var other = new TcpClient())
        {
            await other.ConnectAsync(IPAddress.Loopback, gw.SipPort);
            var local = (IPEndPoint)other.Client.LocalEndPoint!;
            var options = $"OPTIONS sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1:{local.Port};branch=z9hG4bKtcp2\r\nMax-Forwards: 70\r\n" +
                          "From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:127.0.0.1>\r\nCall-ID: tcp2\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
            await other.GetStream().WriteAsync(Encoding.ASCII.GetBytes(options));
            var buffer = new byte[4096];
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            int n = await other.GetStream().ReadAsync(buffer, cts.Token);
            Assert.StartsWith("SIP/2.0 200", Encoding.ASCII.GetString(buffer, 0, n));
        }

        var readBuffer = new byte[1024];
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        int read = await stream.ReadAsync(readBuffer, wait.Token); // 0 = the gateway closed the connection
        var elapsed = DateTime.UtcNow - started;
        Assert.Equal(0, read);
        Assert.True(elapsed >= TimeSpan.FromSeconds(1.5), $"closed too early: {elapsed}");
        Assert.False(gw.HasExited);
    }

    private static byte[] RandomBytes(Random random)
    {
        var b = new byte[random.Next(0, 1500)];
        random.NextBytes(b);
        if (b.Length > 8 && random.Next(2) == 0) Encoding.ASCII.GetBytes("INVITE s").CopyTo(b, 0);
        return b;
    }

    private const string Specials = "\r\n:;,<>\"%\0 \t";

    /// <summary>Flips, deletes, duplicates, inserts and truncates, a few times over a real message.</summary>
    private static byte[] Mutate(byte[] seed, Random random)
    {
        var b = new List<byte>(seed);
        int count = random.Next(1, 8);
        for (int k = 0; k < count && b.Count > 2; k++)
        {
            int at = random.Next(b.Count);
            switch (random.Next(6))
            {
                case 0: b[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: b.RemoveRange(at, Math.Min(random.Next(1, 40), b.Count - at)); break;
                case 2: b.InsertRange(at, b.GetRange(at, Math.Min(random.Next(1, 80), b.Count - at))); break;
                case 3: b.Insert(at, (byte)Specials[random.Next(Specials.Length)]); break;
                case 4: b.RemoveRange(at, b.Count - at); break;
                default: b.InsertRange(at, Encoding.ASCII.GetBytes(random.Next(2) == 0 ? "\r\nContent-Length: 99999\r\n" : "\r\nVia: SIP/2.0/UDP ;;,,\r\n")); break;
            }
        }
        return b.ToArray();
    }
}
