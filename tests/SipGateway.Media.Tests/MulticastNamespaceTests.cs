using System.Diagnostics;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace SipGateway.Media.Tests;

/// <summary>Multicast only ever runs inside a private network namespace (unshare -n) with lo as its only interface.</summary>
public class MulticastNamespaceTests(ITestOutputHelper output)
{
    [Fact]
    public void Receiver_joined_to_the_group_in_a_private_namespace_gets_the_paced_stream()
    {
        Assert.True(File.Exists("/usr/bin/unshare") || File.Exists("/bin/unshare"), "unshare (util-linux) is required: tests/test.sh installs it");
        var probe = ProbePath();
        Assert.True(File.Exists(probe), $"probe not built: {probe}");
        const int Packets = 100;
        string script = "ip link set lo up && ip link set lo multicast on && ip route add 224.0.0.0/4 dev lo && " +
                        $"exec dotnet '{probe}' 239.255.42.42 5004 {Packets}";
        var psi = new ProcessStartInfo("unshare", ["-n", "bash", "-c", script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail("probe did not finish in 60 s");
        }
        string outText = stdout.Result.Trim();
        output.WriteLine(outText);
        output.WriteLine(stderr.Result);
        Assert.True(p.ExitCode == 0, $"probe exit {p.ExitCode}: {outText} {stderr.Result}");
        var m = Regex.Match(outText, @"received=(\d+) rtp=(\d+) sent=(\d+) gaps=(\d+) one_ssrc=(\w+) amp1400=(\d+) amp440=(\d+)");
        Assert.True(m.Success, outText);
        Assert.Equal(Packets, int.Parse(m.Groups[1].Value));
        Assert.Equal(Packets, int.Parse(m.Groups[2].Value));
        Assert.Equal("0", m.Groups[4].Value);
        Assert.Equal("true", m.Groups[5].Value);
        Assert.True(int.Parse(m.Groups[6].Value) > 3000, "1400 Hz go-ahead tone not found in the received audio");
        Assert.True(int.Parse(m.Groups[7].Value) < 300);
    }

    private static string ProbePath()
    {
        // Same configuration and framework as this test assembly: .../bin/<Configuration>/<tfm>/
        var testDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string tfm = testDir.Name, configuration = testDir.Parent!.Name;
        return Path.Combine(ShippedMediaTests.RepoRoot(), "tests", "SipGateway.Media.NetnsProbe", "bin", configuration, tfm, "SipGateway.Media.NetnsProbe.dll");
    }
}
