using System.Diagnostics;
using System.Net.NetworkInformation;

namespace SipGateway.Features.Paging.Bench;

/// <summary>Multicast must never leave the machine: the benchmark runs itself again inside `unshare -n` with lo up,
/// multicast on and 224.0.0.0/4 routed to lo, unless it already is in such a namespace (lo its only interface).</summary>
internal static class PrivateNamespace
{
    public static bool IsInside => NetworkInterface.GetAllNetworkInterfaces().All(i => i.NetworkInterfaceType == NetworkInterfaceType.Loopback);

    public static int RunInside(string[] args)
    {
        var self = Environment.ProcessPath!.EndsWith("dotnet") ? $"dotnet '{typeof(PrivateNamespace).Assembly.Location}'" : $"'{Environment.ProcessPath}'";
        var script = "ip link set lo up && ip link set lo multicast on && ip route add 224.0.0.0/4 dev lo && exec " + self + " " +
                     string.Join(' ', args.Select(a => $"'{a}'"));
        var psi = new ProcessStartInfo("unshare", ["-n", "bash", "-c", script]) { UseShellExecute = false };
        using var p = Process.Start(psi)!;
        if (!p.WaitForExit(TimeSpan.FromMinutes(15)))
        {
            p.Kill(entireProcessTree: true);
            Console.Error.WriteLine("benchmark did not finish in 15 minutes");
            return 1;
        }
        return p.ExitCode;
    }
}
