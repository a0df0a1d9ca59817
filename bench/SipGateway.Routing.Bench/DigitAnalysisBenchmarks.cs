using BenchmarkDotNet.Attributes;
using SipGateway.Routing;

namespace SipGateway.Routing.Bench;

/// <summary>One analysis of a random dialed number against plans of growing size.</summary>
[MemoryDiagnoser]
public class DigitAnalysisBenchmarks
{
    private DigitAnalysis _analysis = null!;
    private Caller _caller = null!;
    private string[] _numbers = [];
    private int _next;

    [Params(1_000, 10_000, 100_000)]
    public int Patterns { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var generated = GeneratedDialPlan.Create(Patterns);
        var plan = generated.Build();
        _analysis = new DigitAnalysis(plan);
        _caller = plan.CallerFromDevice(plan.Devices.Keys.First());
        _numbers = generated.DialedNumbers;
    }

    [Benchmark]
    public RoutingDecision AnalyzeRandomNumber() => _analysis.Analyze(_caller, _numbers[_next++ & (4096 - 1)]);
}
