using BenchmarkDotNet.Attributes;
using SipGateway.Routing;

namespace SipGateway.Routing.Bench;

/// <summary>Validating and indexing a 100k-pattern plan (what start-up pays).</summary>
[MemoryDiagnoser]
public class DialPlanBuildBenchmarks
{
    private GeneratedDialPlan _generated = null!;

    [GlobalSetup]
    public void Setup() => _generated = GeneratedDialPlan.Create(100_000);

    /// <summary>Build, then one analysis: the index's prefix table is built on first use, and loading means ready to route.</summary>
    [Benchmark]
    public DialPlan Build100k()
    {
        var plan = _generated.Build();
        plan.Index.FindMatches(_generated.DialedNumbers[0], []);
        return plan;
    }
}
