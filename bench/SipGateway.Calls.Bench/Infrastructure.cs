using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SipGateway.Calls.Bench;

/// <summary>Ports chosen free at run time (the bench never assumes a fixed port).</summary>
internal static class FreePort
{
    public static int Tcp()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>A port free for UDP and TCP on <paramref name="address"/> (SIPp binds both), and the next one (SIPp -mp
    /// takes an RTP/RTCP pair).</summary>
    public static int UdpAndTcp(string address = "127.0.0.1")
    {
        var ip = IPAddress.Parse(address);
        for (int i = 0; i < 100; i++)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(ip, 0));
            int port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            if (port >= 65000) continue;
            try
            {
                using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                tcp.Bind(new IPEndPoint(ip, port));
                using var udp2 = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                udp2.Bind(new IPEndPoint(ip, port + 1));
                return port;
            }
            catch (SocketException) { }
        }
        throw new InvalidOperationException($"no free UDP+TCP port on {address}");
    }
}

/// <summary>A child process with captured output; stopped (by its own pid only) on dispose.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public ChildProcess(string file, IEnumerable<string> args, string workDir)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
            WorkingDirectory = workDir,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        CommandLine = file + " " + string.Join(' ', psi.ArgumentList);
        _process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start " + file);
        _process.StandardInput.Close();
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) if (_output.Length < 1_000_000) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) if (_output.Length < 1_000_000) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        // /proc/PID/stat vanishes with the process: keep the last reading so the CPU a short-lived SIPp used can be
        // read after it exits (at most the last 100 ms, when it only waits for stragglers, are missed).
        _cpuSampler = new Timer(_ => SampleCpu(), null, 0, 100);
    }

    private readonly Timer _cpuSampler;
    private double _cpuSeconds;

    private void SampleCpu()
    {
        double cpu = ProcFs.CpuSeconds(_process.Id);
        if (cpu > _cpuSeconds) _cpuSeconds = cpu;
    }

    /// <summary>CPU seconds (user + system) the process has used, as last sampled.</summary>
    public double CpuSeconds
    {
        get
        {
            if (!HasExited) SampleCpu();
            return _cpuSeconds;
        }
    }

    public string CommandLine { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    public bool Wait(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) return false;
        _process.WaitForExit(); // drains the output readers
        return true;
    }

    /// <summary>SIGTERM, then SIGKILL after <paramref name="grace"/>.</summary>
    public void Stop(TimeSpan grace)
    {
        if (_process.HasExited) return;
        try { using var k = Process.Start("kill", ["-TERM", _process.Id.ToString()]); k?.WaitForExit(2000); } catch (Exception) { }
        if (!_process.WaitForExit(grace))
        {
            try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            _process.WaitForExit(5000);
        }
    }

    public void Kill()
    {
        if (_process.HasExited) return;
        try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        _process.WaitForExit(5000);
    }

    public void Dispose()
    {
        _cpuSampler.Dispose();
        Stop(TimeSpan.FromSeconds(5));
        _process.Dispose();
    }
}

/// <summary>Readings from /proc: resident memory, CPU time (a process and its direct children), threads.</summary>
internal static class ProcFs
{
    private static readonly double TicksPerSecond = 100.0; // USER_HZ on Linux

    public static long StatusKb(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                    return long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0]);
        }
        catch (IOException) { }
        return 0;
    }

    public static long RssKb(int pid) => StatusKb(pid, "VmRSS");
    public static int Threads(int pid) => (int)StatusKb(pid, "Threads");

    /// <summary>Proportional set size (shared memory split between sharers), from smaps_rollup.</summary>
    public static long PssKb(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/smaps_rollup"))
                if (line.StartsWith("Pss:", StringComparison.Ordinal))
                    return long.Parse(line[4..].Trim().Split(' ')[0]);
        }
        catch (IOException) { }
        return 0;
    }

    public static IReadOnlyList<int> Children(int pid)
    {
        var list = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int p)) continue;
            var stat = ReadStat(p);
            if (stat is not null && stat.Length > 1 && stat[1] == pid.ToString()) list.Add(p);
        }
        return list;
    }

    /// <summary>Fields of /proc/PID/stat after the command name: [0]=state, [1]=ppid, [11]=utime, [12]=stime.</summary>
    private static string[]? ReadStat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            int close = text.LastIndexOf(')');
            return text[(close + 2)..].Split(' ');
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    public static double CpuSeconds(int pid)
    {
        var s = ReadStat(pid);
        return s is null ? 0 : (long.Parse(s[11]) + long.Parse(s[12])) / TicksPerSecond;
    }

    /// <summary>CPU seconds of a process tree one level deep (Kamailio's main process and its workers).</summary>
    public static double TreeCpuSeconds(int pid) => CpuSeconds(pid) + Children(pid).Sum(CpuSeconds);

    public static long TreePssKb(int pid) => PssKb(pid) + Children(pid).Sum(PssKb);

    /// <summary>Busiest threads of a process: (name, CPU seconds), for the profile notes.</summary>
    public static IReadOnlyList<(string Name, double Cpu)> Threads(int pid, int top)
    {
        var list = new List<(string, double)>();
        try
        {
            foreach (var dir in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    var text = File.ReadAllText(Path.Combine(dir, "stat"));
                    int open = text.IndexOf('('), close = text.LastIndexOf(')');
                    var name = text[(open + 1)..close];
                    var f = text[(close + 2)..].Split(' ');
                    list.Add((name, (long.Parse(f[11]) + long.Parse(f[12])) / TicksPerSecond));
                }
                catch (IOException) { }
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return list.OrderByDescending(t => t.Item2).Take(top).ToList();
    }
}

/// <summary>Numbered sub-folders of the run's work folder.</summary>
internal static class Dirs
{
    private static int _next;

    public static string Make(string root, string prefix)
    {
        var path = Path.Combine(root, $"{prefix}-{Interlocked.Increment(ref _next):000}");
        Directory.CreateDirectory(path);
        return path;
    }
}
