using SipGateway.Interop.Tests.Infrastructure;

namespace SipGateway.Interop.Tests;

/// <summary>Calls:MaxCalls: beyond the limit a new INVITE gets 503 with Retry-After and takes nothing; below it, calls go on.</summary>
public class AdmissionTests
{
    private static string Invite(int gwPort, int localPort, string callId) =>
        $"INVITE sip:914085551234@127.0.0.1:{gwPort} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:{localPort};branch=z9hG4bK{callId}\r\n" +
        $"Max-Forwards: 70\r\nFrom: <sip:6505551234@127.0.0.2>;tag={callId}\r\nTo: <sip:914085551234@127.0.0.1>\r\nCall-ID: {callId}\r\n" +
        $"CSeq: 1 INVITE\r\nContact: <sip:6505551234@127.0.0.2:{localPort}>\r\nContent-Length: 0\r\n\r\n";

    [Fact]
    public async Task A_call_beyond_the_limit_gets_503_with_retry_after_and_never_reaches_the_far_end()
    {
        // The far end rings and never answers: the first call stays in setup and holds the only slot.
        await using var ringing = SippUas.Start("uas_ring_cancel.xml", timeoutSeconds: 60);
        await using var gw = await GatewayProcess.StartAsync(GatewayConfig.WithTrunks(ringing.Port, FreePort.UdpAndTcp()), "--Calls:MaxCalls", "1");
        using var first = new SipProbe(gw.SipPort, "127.0.0.2");
        using var second = new SipProbe(gw.SipPort, "127.0.0.2");

        await first.SendAsync(System.Text.Encoding.UTF8.GetBytes(Invite(gw.SipPort, first.LocalPort, "adm1")));
        await Poll.UntilAsync(async () => (await gw.GetJsonAsync("/api/calls")).GetArrayLength() == 1, TimeSpan.FromSeconds(10));

        var refused = await second.RequestAsync(Invite(gw.SipPort, second.LocalPort, "adm2"), TimeSpan.FromSeconds(5));
        while (SipProbe.StatusOf(refused) is >= 100 and < 200) refused = await second.ReceiveAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(503, SipProbe.StatusOf(refused));
        Assert.Contains("Retry-After: 5", refused);
        Assert.Contains("limit of 1 calls", refused);

        var health = await gw.GetJsonAsync("/health");
        Assert.Equal(1, health.GetProperty("calls").GetProperty("max").GetInt32());
        Assert.Equal(1, health.GetProperty("calls").GetProperty("rejectedOverload").GetInt64());
        // Only the admitted call reached the far end.
        Assert.DoesNotContain("Call-ID: adm2", ringing.Messages);
        Assert.Equal(1, (await gw.GetJsonAsync("/api/calls")).GetArrayLength());
    }

    /// <summary>An even port whose pair (RTP, RTCP) is free now: the gateway's whole RTP range in the test below.</summary>
    private static int FreeRtpPair()
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            int port = 20_000 + 2 * Random.Shared.Next(0, 15_000);
            try
            {
                using var rtp = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
                using var rtcp = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
                rtp.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port));
                rtcp.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port + 1));
                return port;
            }
            catch (System.Net.Sockets.SocketException) { }
        }
        throw new InvalidOperationException("no free RTP port pair found");
    }

    [Fact]
    public async Task With_no_RTP_port_left_for_the_far_leg_the_caller_gets_503_and_the_call_is_released()
    {
        // One pair in the range: the caller's leg takes it, the outbound leg finds none.
        await using var ringing = SippUas.Start("uas_ring_cancel.xml", timeoutSeconds: 60);
        int pair = FreeRtpPair();
        await using var gw = await GatewayProcess.StartAsync(GatewayConfig.WithTrunks(ringing.Port, FreePort.UdpAndTcp()),
            "--Media:PortRange", $"{pair}-{pair + 1}");
        using var caller = new SipProbe(gw.SipPort, "127.0.0.2");
        for (int i = 1; i <= 2; i++) // the second call finds the pair free again: the first one gave it back
        {
            var answer = await caller.RequestAsync(Invite(gw.SipPort, caller.LocalPort, $"noport{i}"), TimeSpan.FromSeconds(5));
            while (SipProbe.StatusOf(answer) is >= 100 and < 200) answer = await caller.ReceiveAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(503, SipProbe.StatusOf(answer));
            Assert.Contains("no RTP ports left", answer);
            Assert.Equal(0, (await gw.GetJsonAsync("/api/calls")).GetArrayLength());
        }
        Assert.DoesNotContain("Call-ID: noport", ringing.Messages);
        Assert.True(await Poll.UntilAsync(async () =>
            (await gw.GetJsonAsync("/api/cdrs")).EnumerateArray().Count(c => c.GetProperty("causeCode").GetInt32() == 503) == 2,
            TimeSpan.FromSeconds(10)), "two CDRs with cause 503");
    }

    [Fact]
    public async Task Health_reports_runtime_counters_and_the_allocation_sampler_names_types()
    {
        await using var gw = await GatewayProcess.StartAsync(GatewayConfig.WithTrunks(FreePort.UdpAndTcp(), FreePort.UdpAndTcp()));
        var runtime = (await gw.GetJsonAsync("/health")).GetProperty("runtime");
        Assert.True(runtime.GetProperty("allocatedBytes").GetInt64() > 0);
        Assert.True(runtime.GetProperty("threads").GetInt32() > 1);

        // While sampling, OPTIONS traffic makes the gateway allocate: the sample must name what it allocated.
        var sampling = gw.GetJsonAsync("/api/diagnostics/allocations?seconds=2&top=10");
        using var probe = new SipProbe(gw.SipPort);
        for (int i = 0; i < 5000 && !sampling.IsCompleted; i++)
        {
            await probe.RequestAsync(probe.Options($"diag{i}"), TimeSpan.FromSeconds(2));
        }
        var samples = await sampling;
        Assert.InRange(samples.GetArrayLength(), 1, 10);
        Assert.Contains(samples.EnumerateArray(), s => s.GetProperty("type").GetString() == "System.String");
        Assert.All(samples.EnumerateArray(), s => Assert.True(s.GetProperty("bytes").GetInt64() > 0));

        var bad = await gw.Http.GetAsync("/api/diagnostics/allocations?seconds=0");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Theory]
    [InlineData(0, 20_000L, 4436)]     // automatic: (20,000 - 2,000 - 256 reserve) / 4 sockets per call
    [InlineData(0, 1024L, 166)]
    [InlineData(0, 100L, 16)]          // a tiny limit still admits a few calls
    [InlineData(0, null, 10_000)]      // limit unknown (no /proc)
    [InlineData(250, 20_000L, 250)]    // configured wins
    public void The_automatic_limit_follows_the_open_file_limit(int configured, long? openFiles, int expected) =>
        Assert.Equal(expected, SipGateway.Configuration.OpenFileLimit.MaxCalls(configured, openFiles));

    [Theory]
    [InlineData(20_000L, 8872)]        // (20,000 - 2,000 - 256) / 2 descriptors per pair
    [InlineData(100L, 32)]
    [InlineData(null, int.MaxValue)]
    public void The_rtp_socket_budget_follows_the_open_file_limit(long? openFiles, int expected) =>
        Assert.Equal(expected, SipGateway.Configuration.OpenFileLimit.MaxRtpPairs(openFiles));

    [Fact]
    public void The_open_file_limit_is_read_from_proc()
    {
        var limit = SipGateway.Configuration.OpenFileLimit.Read();
        Assert.NotNull(limit);
        Assert.True(limit > 0);
    }
}
