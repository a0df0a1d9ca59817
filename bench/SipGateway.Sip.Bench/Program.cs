using BenchmarkDotNet.Running;
using SipGateway.Sip.Bench;

// dotnet run -c Release --project bench/SipGateway.Sip.Bench            BenchmarkDotNet (parse, serialize)
// dotnet run -c Release --project bench/SipGateway.Sip.Bench -- --quick  a 3-second Stopwatch run per case
if (args.Contains("--quick"))
{
    QuickMeasurement.Run(3);
    return;
}
BenchmarkRunner.Run<ParseBenchmarks>(args: args);
