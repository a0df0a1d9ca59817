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

    [Benchmark]
    public DialPlan Build100k() => _generated.Build();
}
