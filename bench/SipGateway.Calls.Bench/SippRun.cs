using System.Diagnostics;
using System.Globalization;

namespace SipGateway.Calls.Bench;

/// <summary>Final counters of one SIPp process, from its -trace_stat CSV and its error log.</summary>
internal sealed record SippStats(long Outgoing, long Successful, long Failed, long Retransmissions, double SetupMsAvg, int ExitCode,
    int ErrorEvents, string ErrorSample, double Seconds, long RecvTimeouts)
{
    /// <summary>Failed calls, not counting receive timeouts: the UAS ends every call with a bounded wait for a late
    /// ACK or a retransmitted BYE (uas_load.xml), which SIPp books as FailedTimeoutOnRecv even though the call goes on
    /// to its end. Neither scenario has any other receive timeout on the UAS side.</summary>
    public long RealFailures => Failed - RecvTimeouts;

    public static SippStats Read(string statFile, string errorFile, int exitCode)
    {
        long outgoing = 0, ok = 0, failed = 0, retrans = 0, recvTimeouts = 0;
        double setup = double.NaN, seconds = double.NaN;
        if (File.Exists(statFile))
        {
            var lines = File.ReadAllLines(statFile).Where(l => l.Length > 0).ToList();
            if (lines.Count >= 2)
            {
                var names = lines[0].Split(';');
                var values = lines[^1].Split(';');
                string? V(string n) { int i = Array.IndexOf(names, n); return i >= 0 && i < values.Length ? values[i] : null; }
                long L(string n) => long.TryParse(V(n), out var x) ? x : 0;
                outgoing = L("OutgoingCall(C)") + L("IncomingCall(C)");
                ok = L("SuccessfulCall(C)");
                failed = L("FailedCall(C)");
                retrans = L("Retransmissions(C)");
                recvTimeouts = L("FailedTimeoutOnRecv(C)");
                setup = ParseDuration(V("ResponseTime1(C)"));
                // "date<TAB>time<TAB>epoch": SIPp's own run time, without the process start-up.
                double Epoch(string n) => double.TryParse(V(n)?.Split('\t').Last(), NumberStyles.Float, CultureInfo.InvariantCulture, out var e) ? e : double.NaN;
                seconds = Epoch("CurrentTime") - Epoch("StartTime");
            }
        }
        int events = 0;
        string sample = "";
        if (File.Exists(errorFile))
        {
            var text = File.ReadAllText(errorFile);
            // Each event starts with a date line; "Dead call" notes (a late retransmission absorbed) are not errors.
            foreach (var line in text.Split('\n'))
                if (line.Contains("Aborting call", StringComparison.Ordinal) || line.Contains("failed", StringComparison.OrdinalIgnoreCase)
                    || line.Contains("unexpected", StringComparison.OrdinalIgnoreCase))
                {
                    if (line.Contains("Dead call", StringComparison.Ordinal)) continue;
                    events++;
                    if (sample.Length == 0) sample = line.Length > 300 ? line[..300] : line;
                }
        }
        return new SippStats(outgoing, ok, failed, retrans, setup, exitCode, events, sample, seconds, recvTimeouts);
    }

    /// <summary>SIPp's "HH:MM:SS:uuuuuu" as milliseconds.</summary>
    private static double ParseDuration(string? text)
    {
        if (text is null) return double.NaN;
        var p = text.Split(':');
        if (p.Length != 4) return double.NaN;
        return (int.Parse(p[0]) * 3600 + int.Parse(p[1]) * 60 + int.Parse(p[2])) * 1000.0 + int.Parse(p[3], CultureInfo.InvariantCulture) / 1000.0;
    }
}

/// <summary>One SIPp process (UAC or UAS) in the bench's own folder; scenarios come from the program's scenarios/ folder.</summary>
internal sealed class Sipp : IDisposable
{
    private readonly ChildProcess _process;
    private readonly string _dir;
    public string StatFile => Path.Combine(_dir, "stat.csv");
    public string ErrorFile => Path.Combine(_dir, "errors.log");

    private Sipp(ChildProcess process, string dir)
    {
        _process = process;
        _dir = dir;
    }

    public int Pid => _process.Pid;
    public bool HasExited => _process.HasExited;

    /// <summary>CPU seconds this SIPp used (sampled; still readable after it exits).</summary>
    public double CpuSeconds => _process.CpuSeconds;

    /// <summary>The UAS on 127.0.0.1:<paramref name="port"/>; it exits by itself after <paramref name="calls"/> calls.</summary>
    public static Sipp Uas(string workRoot, string scenario, int port, int calls, TimeSpan timeout)
    {
        var dir = Dirs.Make(workRoot, "uas");
        var args = new List<string>
        {
            "-sf", scenario, "-i", "127.0.0.1", "-p", port.ToString(), "-mp", FreePort.UdpAndTcp().ToString(), "-t", "u1",
            "-m", calls.ToString(), "-nostdin", "-buff_size", "4194304", "-timeout", $"{(int)timeout.TotalSeconds}s",
            "-trace_err", "-error_file", Path.Combine(dir, "errors.log"), "-trace_stat", "-stf", Path.Combine(dir, "stat.csv"), "-fd", "1",
        };
        var sipp = new Sipp(new ChildProcess("sipp", args, dir), dir);
        WaitBound(port, "127.0.0.1", sipp);
        return sipp;
    }

    /// <summary>The UAC from 127.0.0.2 (the inbound trunk's address): <paramref name="calls"/> calls at <paramref name="rate"/>/s,
    /// each held <paramref name="holdMs"/> ms, at most <paramref name="limit"/> at once.</summary>
    public static Sipp Uac(string workRoot, string scenario, int sutPort, string service, double rate, int calls, int holdMs, int limit,
        TimeSpan timeout)
    {
        var dir = Dirs.Make(workRoot, "uac");
        var args = new List<string>
        {
            "-sf", scenario, "-i", "127.0.0.2", "-p", FreePort.UdpAndTcp("127.0.0.2").ToString(), "-mp", FreePort.UdpAndTcp("127.0.0.2").ToString(),
            "-t", "u1", "-s", service, "-r", rate.ToString("0.###", CultureInfo.InvariantCulture), "-rp", "1000",
            "-m", calls.ToString(), "-l", limit.ToString(), "-d", holdMs.ToString(), "-nostdin", "-buff_size", "4194304",
            "-timeout", $"{(int)timeout.TotalSeconds}s", "-timeout_error", "-recv_timeout", "15000",
            "-trace_err", "-error_file", Path.Combine(dir, "errors.log"), "-trace_stat", "-stf", Path.Combine(dir, "stat.csv"), "-fd", "1",
            $"127.0.0.1:{sutPort}",
        };
        return new Sipp(new ChildProcess("sipp", args, dir), dir);
    }

    private static void WaitBound(int port, string address, Sipp sipp)
    {
        var sw = Stopwatch.StartNew();
        while (sw.ElapsedMilliseconds < 5000 && !sipp.HasExited)
        {
            try
            {
                using var s = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram,
                    System.Net.Sockets.ProtocolType.Udp);
                s.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Parse(address), port));
            }
            catch (System.Net.Sockets.SocketException) { Thread.Sleep(50); return; }
            Thread.Sleep(30);
        }
        if (sipp.HasExited) throw new InvalidOperationException("SIPp exited at start:\n" + sipp._process.Output);
    }

    public bool Wait(TimeSpan timeout) => _process.Wait(timeout);

    public SippStats Stats() => SippStats.Read(StatFile, ErrorFile, _process.HasExited ? _process.ExitCode : -1);

    public string Output => _process.Output;

    public void Kill() => _process.Kill();

    /// <summary>SIGUSR1: SIPp stops taking new calls, ends when the current ones are done and writes its final statistics.</summary>
    public void Quit()
    {
        if (_process.HasExited) return;
        try { using var k = Process.Start("kill", ["-USR1", _process.Pid.ToString()]); k?.WaitForExit(2000); } catch (Exception) { }
    }

    public void Dispose()
    {
        _process.Kill();
        _process.Dispose();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
