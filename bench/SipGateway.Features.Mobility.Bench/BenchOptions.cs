using System.Globalization;

namespace SipGateway.Features.Mobility.Bench;

/// <summary>Command line: --clients N (50), --seconds S (10), --warmup S (2), --max-concurrent N (ExtensionMobility:MaximumConcurrentRequests, 200), --log-level L (Warning), --status-only.</summary>
internal sealed record BenchOptions
{
    public int Clients { get; init; } = 50;
    public int Seconds { get; init; } = 10;
    public int WarmupSeconds { get; init; } = 2;
    public int MaxConcurrent { get; init; } = 200;
    public string LogLevel { get; init; } = "Warning";
    /// <summary>--status-only: GET the JSON status instead of logging in and out (the HTTP service's own cost, no state change).</summary>
    public bool StatusOnly { get; init; }
    public string GatewayDll { get; init; } = Path.Combine(AppContext.BaseDirectory, "SipGateway.dll");

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Int() => int.Parse(Next(), CultureInfo.InvariantCulture) is var n && n > 0 ? n : throw new ArgumentException($"{args[i]} must be positive");
            o = args[i] switch
            {
                "--clients" => o with { Clients = Int() },
                "--seconds" => o with { Seconds = Int() },
                "--warmup" => o with { WarmupSeconds = Int() },
                "--max-concurrent" => o with { MaxConcurrent = Int() },
                "--log-level" => o with { LogLevel = Next() },
                "--status-only" => o with { StatusOnly = true },
                _ => throw new ArgumentException($"unknown option {args[i]} (--clients, --seconds, --warmup, --max-concurrent, --log-level, --status-only)"),
            };
        }
        return o;
    }
}
