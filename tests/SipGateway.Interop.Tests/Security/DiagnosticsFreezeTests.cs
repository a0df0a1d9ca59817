using System.Diagnostics;
using System.Net;
using System.Text.Json;
using SipGateway.Interop.Tests.Infrastructure;

namespace SipGateway.Interop.Tests.Security;

/// <summary>
/// The HTTP freeze of issue 24: concurrent GET /api/diagnostics/allocations and /gc requests hung forever, and after a
/// few hundred /health stopped answering, threads grew from 26 to 275 and SIGTERM hung. Now one sample runs at a time
/// (the others get 429 at once), /health keeps answering, the thread count stays flat and SIGTERM ends the process
/// even with a sample running.
/// </summary>
public class DiagnosticsFreezeTests
{
    [Fact]
    public async Task Two_hundred_concurrent_samples_neither_block_health_nor_grow_threads_nor_hang_shutdown()
    {
        await using var gw = await GatewayProcess.StartAsync();
        int threadsBefore = (await gw.GetJsonAsync("/health")).GetProperty("runtime").GetProperty("threads").GetInt32();
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 })
        {
            BaseAddress = gw.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(30),
        };
        var samples = Enumerable.Range(0, 200)
            .Select(i => client.GetAsync(i % 2 == 0 ? "/api/diagnostics/allocations?seconds=3" : "/api/diagnostics/gc?seconds=3"))
            .ToList();

        // While they are in flight, /health answers promptly (bounded: 2 s each, 10 probes).
        var slowest = TimeSpan.Zero;
        for (int i = 0; i < 10; i++)
        {
            var clock = Stopwatch.StartNew();
            using var health = await client.GetAsync("/health", new CancellationTokenSource(TimeSpan.FromSeconds(2)).Token);
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            if (clock.Elapsed > slowest) slowest = clock.Elapsed;
            await Task.Delay(200);
        }

        var answers = await Task.WhenAll(samples);
        int ok = answers.Count(a => a.StatusCode == HttpStatusCode.OK);
        int busy = answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Equal(200, ok + busy);
        Assert.InRange(ok, 1, 10); // one at a time: a few may start after the previous one ended
        var refusal = answers.First(a => a.StatusCode == HttpStatusCode.TooManyRequests);
        Assert.Contains("another diagnostics sample is running", JsonDocument.Parse(await refusal.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
        Assert.NotNull(refusal.Headers.RetryAfter);

        int threadsAfter = (await gw.GetJsonAsync("/health")).GetProperty("runtime").GetProperty("threads").GetInt32();
        Console.WriteLine($"200 concurrent samples: {ok} ran, {busy} got 429; slowest /health {slowest.TotalMilliseconds:0} ms; threads {threadsBefore} -> {threadsAfter}");
        Assert.True(threadsAfter < threadsBefore + 60, $"threads grew from {threadsBefore} to {threadsAfter}");

        // SIGTERM with a long sample running: the process ends within the bound and the sample is cut short.
        var longSample = client.GetAsync("/api/diagnostics/gc?seconds=60");
        await Task.Delay(1000);
        var stopping = Stopwatch.StartNew();
        var exit = await gw.StopAsync(TimeSpan.FromSeconds(20));
        Console.WriteLine($"SIGTERM with a 60 s sample running: exited {exit?.ToString() ?? "never (killed)"} after {stopping.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(0, exit);
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(15), $"shutdown took {stopping.Elapsed}");
        try
        {
            using var cut = await longSample;
            Assert.NotEqual(HttpStatusCode.OK, cut.StatusCode);
        }
        catch (HttpRequestException) { /* the connection closed with the process: also not a finished sample */ }
    }

    [Fact]
    public async Task A_sample_whose_client_went_away_stops_and_frees_the_slot()
    {
        await using var gw = await GatewayProcess.StartAsync();
        using (var abandon = new CancellationTokenSource(TimeSpan.FromSeconds(1)))
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gw.Http.GetAsync("/api/diagnostics/allocations?seconds=60", abandon.Token));
        // The 60 s sample was cancelled with its request: a new one may run at once (bounded: 10 tries in 5 s).
        HttpStatusCode status = 0;
        for (int i = 0; i < 10 && status != HttpStatusCode.OK; i++)
        {
            using var next = await gw.Http.GetAsync("/api/diagnostics/gc?seconds=1");
            status = next.StatusCode;
            if (status != HttpStatusCode.OK) await Task.Delay(500);
        }
        Assert.Equal(HttpStatusCode.OK, status);
        using var bad = await gw.Http.GetAsync("/api/diagnostics/gc?seconds=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
