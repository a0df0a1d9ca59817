using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SipGateway.Features.Mobility.Bench;

// Extension Mobility capacity: N clients (default 50), each with its own EM phone and user, log in and out through
// POST /emapp/EMAppServlet (JSON) as fast as the gateway answers, for a fixed time after a warm-up. Every login
// persists to SQLite and rebuilds the dial plan (shared between concurrent requests). UCM documents 250 logins and
// logouts per minute per node; the target here is >= 2,000 per second.
//   dotnet run -c Release --project bench/SipGateway.Features.Mobility.Bench [-- --clients 50 --seconds 10 --max-concurrent 200]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var options = BenchOptions.Parse(args);
using var gw = GatewayUnderTest.Start(options);
using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = options.Clients * 2, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
using var http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{gw.HttpPort}"), Timeout = TimeSpan.FromSeconds(30) };
await gw.WaitHealthyAsync(http);

Console.WriteLine($"Extension Mobility {(options.StatusOnly ? "status (GET, no login)" : "login/logout")} benchmark: {options.Clients} clients, {options.Seconds} s (after {options.WarmupSeconds} s warm-up), " +
                  $"MaximumConcurrentRequests {options.MaxConcurrent}, {Environment.ProcessorCount} CPUs");
var measuring = false;
var stop = false;
var latencies = new List<double>[options.Clients];
var ok = new long[options.Clients];
var errors = new Dictionary<string, long>();
var tasks = new Task[options.Clients];
for (int c = 0; c < options.Clients; c++)
{
    int client = c;
    latencies[client] = new List<double>(200_000);
    tasks[client] = Task.Run(async () =>
    {
        var url = $"/emapp/EMAppServlet?device={GatewayUnderTest.Device(client)}";
        var login = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { userId = GatewayUnderTest.User(client), pin = GatewayUnderTest.Pin(client) }));
        var logout = """{"logout":true}"""u8.ToArray();
        var expected = new[] { "LoggedIn", "LoggedOut" };
        for (long n = 0; !Volatile.Read(ref stop); n++)
        {
            var body = n % 2 == 0 ? login : logout;
            using var request = options.StatusOnly ? new HttpRequestMessage(HttpMethod.Get, url) : new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            if (request.Content is not null) request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            var started = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(request);
            var json = await response.Content.ReadAsByteArrayAsync();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            using var doc = JsonDocument.Parse(json);
            var result = doc.RootElement.GetProperty("result").GetString();
            bool counted = Volatile.Read(ref measuring);
            if (options.StatusOnly ? result == "LoggedOut" : result == expected[n % 2])
            {
                if (counted) { ok[client]++; latencies[client].Add(elapsed); }
            }
            else
            {
                var e = doc.RootElement.GetProperty("error");
                var key = $"{e.GetProperty("code").GetInt32()} {e.GetProperty("text").GetString()}";
                lock (errors) errors[key] = errors.GetValueOrDefault(key) + (counted ? 1 : 0);
                n--; // retry the same step: a failed login is not followed by a logout
            }
        }
    });
}
await Task.Delay(TimeSpan.FromSeconds(options.WarmupSeconds));
var cpu0 = gw.CpuSeconds();
var statsBefore = JsonDocument.Parse(await http.GetStringAsync("/api/mobility/stats")).RootElement.Clone();
var clock = Stopwatch.StartNew();
Volatile.Write(ref measuring, true);
await Task.Delay(TimeSpan.FromSeconds(options.Seconds));
Volatile.Write(ref measuring, false);
var seconds = clock.Elapsed.TotalSeconds;
var cpu = gw.CpuSeconds() - cpu0;
Volatile.Write(ref stop, true);
await Task.WhenAll(tasks);
var stats = JsonDocument.Parse(await http.GetStringAsync("/api/mobility/stats")).RootElement;

long total = ok.Sum();
var all = latencies.SelectMany(l => l).Order().ToArray();
double P(double q) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)(q * all.Length))];
long Delta(string name) => stats.GetProperty(name).GetInt64() - statsBefore.GetProperty(name).GetInt64();
double DeltaMs(string name) => stats.GetProperty(name).GetDouble() - statsBefore.GetProperty(name).GetDouble();
Console.WriteLine($"  {(options.StatusOnly ? "status requests        " : "logins + logouts       ")} {total,10:N0} in {seconds:F1} s");
Console.WriteLine($"  rate                    {total / seconds,10:N0} per second   (target >= 2,000; UCM: 250 per minute per node)");
Console.WriteLine($"  latency ms              p50 {P(0.50):F2}  p90 {P(0.90):F2}  p99 {P(0.99):F2}  max {(all.Length > 0 ? all[^1] : 0):F2}");
Console.WriteLine($"  gateway CPU             {cpu:F1} s for {seconds:F1} s ({cpu / seconds * 100:F0}% of one core), {(total > 0 ? cpu * 1e6 / total : 0):F0} us per request");
Console.WriteLine($"  dial plan rebuilds      {Delta("dialPlanRebuilds"),10:N0}   ({(total > 0 ? (double)Delta("dialPlanRebuilds") / total : 0):F2} per request: concurrent changes share one), " +
                  $"{DeltaMs("dialPlanRebuildMilliseconds") / Math.Max(1, Delta("dialPlanRebuilds")):F2} ms each (wall), {DeltaMs("dialPlanRebuildMilliseconds") / seconds / 10:F0}% of the run");
Console.WriteLine($"  requests throttled      {Delta("requestsThrottled"),10:N0}   (error 26 at MaximumConcurrentRequests {options.MaxConcurrent})");
foreach (var (error, count) in errors.Where(e => e.Value > 0)) Console.WriteLine($"  error {error}: {count:N0}");
return 0;
