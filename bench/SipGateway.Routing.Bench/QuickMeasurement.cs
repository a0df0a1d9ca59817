using System.Diagnostics;
using SipGateway.Routing;

namespace SipGateway.Routing.Bench;

/// <summary>
/// A bounded Stopwatch measurement printing one plain line per plan size: build time and the median and
/// 99th percentile time per analysis. Analyses are timed in batches of 8 so timer overhead stays small.
/// </summary>
public static class QuickMeasurement
{
    private const int Batch = 8;

    public static void Run(int[] sizes, int samples)
    {
        double? smallestP50 = null;
        foreach (var size in sizes)
        {
            var generated = GeneratedDialPlan.Create(size);
            var builds = new List<double>();
            DialPlan plan = null!;
            long buildBytes = 0;
            for (int i = 0; i < 3; i++)
            {
                // Start-up builds into a quiet heap: do not bill this build for the previous plan's garbage.
                plan = null!;
                GC.Collect();
                GC.WaitForPendingFinalizers();
                long before = GC.GetAllocatedBytesForCurrentThread();
                var build = Stopwatch.StartNew();
                plan = generated.Build();
                // Ready to route: the first walk builds the index's prefix table (built on first use).
                plan.Index.FindMatches(generated.DialedNumbers[0], []);
                builds.Add(build.Elapsed.TotalMilliseconds);
                buildBytes = GC.GetAllocatedBytesForCurrentThread() - before;
            }

            var analysis = new DigitAnalysis(plan);
            var caller = plan.CallerFromDevice(plan.Devices.Keys.First());
            var numbers = generated.DialedNumbers;
            var outcomes = new int[5];
            for (int i = 0; i < 50_000; i++)
                outcomes[(int)analysis.Analyze(caller, numbers[i % numbers.Length]).Result]++;

            long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < numbers.Length; i++) analysis.Analyze(caller, numbers[i]);
            double bytesPerAnalysis = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)numbers.Length;

            var perCall = new double[samples];
            int n = 0;
            for (int s = 0; s < samples; s++)
            {
                long start = Stopwatch.GetTimestamp();
                for (int k = 0; k < Batch; k++) analysis.Analyze(caller, numbers[n++ & (4096 - 1)]);
                perCall[s] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / Batch;
            }
            Array.Sort(perCall);
            double p50 = perCall[samples / 2], p99 = perCall[(int)(samples * 0.99)];

            // The index walk alone: what grows with plan size if anything does.
            var matches = new List<DialPlanEntry>();
            var walk = new double[samples];
            for (int s = 0; s < samples; s++)
            {
                long start = Stopwatch.GetTimestamp();
                for (int k = 0; k < Batch; k++)
                {
                    matches.Clear();
                    plan.Index.FindMatches(numbers[n++ & (4096 - 1)], matches);
                }
                walk[s] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / Batch;
            }
            Array.Sort(walk);
            // Same number again and again: the walk with a warm cache, to tell compute from memory latency.
            var hot = new double[samples / 10];
            for (int s = 0; s < hot.Length; s++)
            {
                long start = Stopwatch.GetTimestamp();
                for (int k = 0; k < Batch; k++)
                {
                    matches.Clear();
                    plan.Index.FindMatches(numbers[7], matches);
                }
                hot[s] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / Batch;
            }
            Array.Sort(hot);
            long visited = 0;
            foreach (var number in numbers)
            {
                plan.Index.Match(number);
                visited += TrieWalk.LastVisitedNodes;
            }
            smallestP50 ??= p50;

            Console.WriteLine(
                $"patterns={generated.PatternCount,7}  index nodes={plan.Index.NodeCount,7} of {plan.Index.TrieNodeCount,7} ({plan.Index.Bytes / 1e6:F1} MB)  " +
                $"build first={builds[0],7:F1} ms best={builds.Min(),7:F1} ms ({buildBytes / 1e6:F0} MB allocated)  " +
                $"analysis p50={p50,6:F0} ns p99={p99,6:F0} ns ({bytesPerAnalysis:F0} B allocated)  (x{p50 / smallestP50.Value:F2} of smallest plan)  " +
                $"index walk p50={walk[samples / 2],5:F0} ns (same number {hot[hot.Length / 2],4:F0} ns), {visited / (double)numbers.Length,5:F1} nodes/number  " +
                $"route={outcomes[0] * 100 / 50_000}% block={outcomes[1] * 100 / 50_000}% dn={outcomes[2] * 100 / 50_000}% " +
                $"unallocated={outcomes[3] * 100 / 50_000}%");
        }
    }
}
