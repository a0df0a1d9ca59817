using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace SipGateway.Media.Tests;

/// <summary>
/// A paced stream to a UDP socket on loopback for 10 s, timed on arrival. The measurement runs in a probe process of
/// its own (SipGateway.Media.PacingProbe), which times each datagram twice: by the kernel's receive stamp (on
/// loopback, when the pacer's send hands it over: the pacing itself) and by when its receive thread got it (adding
/// that thread's wake-up latency). Asserted here: every packet arrives, the stream is drift-free (499 intervals in
/// 9980 ms), the median interval is within 0.5 ms of 20 ms and p99 within 10 ms. The issue's target (p99 under 2 ms)
/// is printed, not asserted: with the pacer spinning the last 300 µs before each deadline, 19 probe runs under load on
/// this VM (a parallel solution build, a file-reading job, a process mapping and freeing 2 GB) measured p99
/// 0.03–0.89 ms (median 0.13), while sleeping only (spin 0) measured up to 5.2 ms under the same load, as earlier CI runs
/// saw. Single intervals still reach 4–6 ms now and then, and CI's load is not known in advance, so the strict figure
/// stays a speed figure (this test's output and bench/SipGateway.Media.Bench); the probe also prints the CPU time the
/// hypervisor stole during the run, to tell a slow VM from a slow pacer.
/// </summary>
[Collection(TimingSensitiveCollection.Name)]
public class PacingIntegrationTests(ITestOutputHelper output)
{
    [Fact]
    public void Paced_stream_arrives_every_20ms_without_drift_over_10_seconds()
    {
        var probe = ProbePath();
        Assert.True(File.Exists(probe), $"probe not built: {probe}");
        var run = Measure(probe);
        output.WriteLine(run.Line);
        Assert.True(run.P50 < 0.5, $"median deviation {run.P50:F3} ms: {run.Line}");
        Assert.True(run.P99 < 10.0, $"p99 deviation {run.P99:F3} ms: {run.Line}");
        // Drift-free: 499 intervals take 9980 ms, not 9980 ms plus accumulated oversleep.
        Assert.InRange(run.Total, 9975, 9985);
    }

    private (double P50, double P99, double Total, string Line) Measure(string probe)
    {
        var psi = new ProcessStartInfo("dotnet", [probe]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail("pacing probe did not finish in 60 s");
        }
        p.WaitForExit();
        var line = stdout.Result.Trim();
        output.WriteLine(stderr.Result);
        Assert.True(p.ExitCode == 0, $"probe exit {p.ExitCode}: {line} {stderr.Result}");
        var m = Regex.Match(line, @"packets=(\d+) p50=([\d.]+) p99=([\d.]+) max=([\d.]+) total=([\d.]+)( kernel_p50=([\d.]+) kernel_p99=([\d.]+))?");
        Assert.True(m.Success, line);
        Assert.Equal(500, int.Parse(m.Groups[1].Value));
        double Value(int g) => double.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
        if (m.Groups[8].Success) output.WriteLine($"p99 by kernel receive stamps {Value(8):F3} ms, by the receive thread {Value(3):F3} ms (target < 2 ms)");
        return (Value(2), Value(3), Value(5), line);
    }

    private static string ProbePath()
    {
        var testDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string tfm = testDir.Name, configuration = testDir.Parent!.Name;
        return Path.Combine(ShippedMediaTests.RepoRoot(), "tests", "SipGateway.Media.PacingProbe", "bin", configuration, tfm, "SipGateway.Media.PacingProbe.dll");
    }
}
