using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using SipGateway.Routing.Bench;

// dotnet run -c Release --project bench/SipGateway.Routing.Bench            BenchmarkDotNet, then the plain figures
// dotnet run -c Release --project bench/SipGateway.Routing.Bench -- --quick  only the bounded Stopwatch figures
// -- --quick --size 100000                                                     one plan size only
int[] sizes = [1_000, 10_000, 100_000];
int sizeAt = Array.IndexOf(args, "--size");
if (sizeAt >= 0 && sizeAt + 1 < args.Length) sizes = [int.Parse(args[sizeAt + 1])];
if (args.Contains("--quick"))
{
    QuickMeasurement.Run(sizes, samples: 50_000);
    return;
}

var config = DefaultConfig.Instance.AddJob(Job.ShortRun);
BenchmarkSwitcher.FromTypes([typeof(DigitAnalysisBenchmarks), typeof(DialPlanBuildBenchmarks)]).Run(
    args.Length == 0 ? ["--filter", "*"] : args, config);
Console.WriteLine();
QuickMeasurement.Run(sizes, samples: 100_000);
