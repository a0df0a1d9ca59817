using SipGateway.Configuration;
using SipGateway.Diagnostics;
using SipGateway.Hosting;
using SipGateway.Routing;
using SipGateway.Storage;

namespace SipGateway.Http;

/// <summary>The HTTP surface of DESIGN.md: health, the registrar's bindings and the Dialed Number Analyzer.</summary>
public static class GatewayEndpoints
{
    public static void MapGatewayEndpoints(this WebApplication app)
    {
        app.MapGet("/health", (SipStack sip) => Results.Json(new
        {
            status = sip.IsRunning ? "ok" : "starting",
            sip = new
            {
                address = sip.Listener.BoundEndPoint.Address.ToString(),
                port = sip.Listener.BoundEndPoint.Port,
                transports = new[] { "udp", "tcp" },
                received = sip.Listener.Counters.Received,
                answeredStatelessly = sip.Listener.Counters.AnsweredStatelessly,
                dropped = sip.Listener.Counters.Dropped,
                tcpConnections = sip.Listener.OpenTcpConnections,
                tcpRefusedPerSource = sip.Listener.Counters.TcpRefusedPerSource,
                tcpClosedStalled = sip.Listener.Counters.TcpClosedStalled,
                serverTransactions = sip.Transactions.ServerTransactionCount,
                clientTransactions = sip.Transactions.ClientTransactionCount,
            },
            registrations = sip.Registrar.Snapshot().Sum(r => r.Contacts.Count),
            calls = new { active = sip.Calls.ActiveCalls, max = sip.Calls.MaxCalls, rejectedOverload = sip.Calls.OverloadRejections },
            // What load tests read to find the cost per call (allocation drives GC time).
            runtime = new
            {
                allocatedBytes = GC.GetTotalAllocatedBytes(), gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2),
                threads = ThreadCount(), threadPoolThreads = ThreadPool.ThreadCount,
                // Time the process spent in GC pauses and the JIT: a steady load should show neither growing much.
                gcPauseMilliseconds = (long)GC.GetTotalPauseDuration().TotalMilliseconds,
                gcHeapBytes = GC.GetGCMemoryInfo().HeapSizeBytes,
                jitMethods = System.Runtime.JitInfo.GetCompiledMethodCount(),
                jitMilliseconds = (long)System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds,
            },
        }));
        app.MapGet("/api/diagnostics/allocations", (SamplerGate gate, HttpContext http, int? seconds, int? top) =>
            Sample(gate, http, seconds, ct => AllocationSampler.SampleAsync(TimeSpan.FromSeconds(seconds ?? 5), Math.Clamp(top ?? 25, 1, 200), ct)));
        app.MapGet("/api/diagnostics/gc", (SamplerGate gate, HttpContext http, int? seconds) =>
            Sample(gate, http, seconds, ct => GcSurvivalSampler.SampleAsync(TimeSpan.FromSeconds(seconds ?? 5), ct)));
        app.MapGet("/api/registrations", (SipStack sip) => Results.Json(sip.Registrar.Snapshot()));
        app.MapGet("/api/calls", (SipStack sip) => Results.Json(sip.Calls.Snapshot()));
        app.MapGet("/api/trunks", (SipStack sip) => Results.Json(sip.Trunks.Snapshot()));
        app.MapGet("/api/pages", (SipStack sip) => Results.Json(sip.Paging?.Snapshot() ?? []));
        app.MapGet("/api/cdrs", (SipStack sip, string? since, int? limit) =>
            TryParseSince(since, out var from)
                ? Results.Json(sip.Cdrs.Since(from, Math.Clamp(limit ?? 1000, 1, 100_000)))
                : Results.Json(new { error = $"since must be an ISO 8601 time such as 2026-11-21T00:00:00Z, not '{since}'" }, statusCode: 400));
        app.MapGet("/api/cdrs.csv", (SipStack sip, string? since) =>
        {
            if (!TryParseSince(since, out var from)) return Results.Text($"since must be an ISO 8601 time, not '{since}'\n", statusCode: 400);
            var writer = new StringWriter();
            sip.Cdrs.WriteCsv(writer, from);
            return Results.Text(writer.ToString(), "text/csv");
        });
        // The Dialed Number Analyzer: byte-identical to the `analyze` verb's output.
        app.MapGet("/api/analyze", (GatewaySettings settings, string? css, string? digits, string? calling, string? device) =>
            string.IsNullOrEmpty(digits)
                ? Results.Json(new { error = "the digits query parameter is required: /api/analyze?css=CSS&digits=DIGITS[&calling=NUMBER][&device=NAME]" }, statusCode: 400)
                : Results.Text(DialedNumberAnalyzer.AnalyzeToJson(settings.DialPlan, css, digits, calling, device) + "\n", "application/json"));
    }

    /// <summary>
    /// One sample at a time (<see cref="SamplerGate"/>): a second request gets 429 with Retry-After at once rather than
    /// waiting; a sample cut short by shutdown answers 503.
    /// </summary>
    private static async Task<IResult> Sample<T>(SamplerGate gate, HttpContext http, int? seconds, Func<CancellationToken, Task<T>> sample)
    {
        if (seconds is < 1 or > 60) return Results.Json(new { error = $"seconds must be 1 to 60, not {seconds}" }, statusCode: 400);
        try
        {
            var (ran, result) = await gate.TryRunAsync(sample, http.RequestAborted);
            if (ran) return Results.Json(result);
            http.Response.Headers.RetryAfter = "60";
            return Results.Json(new { error = "another diagnostics sample is running (one at a time, at most 60 s each): retry when it has ended" },
                statusCode: StatusCodes.Status429TooManyRequests);
        }
        catch (OperationCanceledException)
        {
            // The client went away (nobody reads this) or the gateway is stopping.
            return Results.Json(new { error = "the sample was cancelled: the gateway is stopping or the client went away" },
                statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static int ThreadCount()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.Threads.Count;
    }

    private static bool TryParseSince(string? since, out DateTimeOffset from)
    {
        from = DateTimeOffset.MinValue;
        return string.IsNullOrEmpty(since) || DateTimeOffset.TryParse(since, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal, out from);
    }
}
