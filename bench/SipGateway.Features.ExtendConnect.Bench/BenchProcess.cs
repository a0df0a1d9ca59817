using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SipGateway.Features.ExtendConnect.Bench;

/// <summary>A child process (gateway, SIPp) with its output kept, stopped with SIGTERM then killed.</summary>
internal sealed class BenchProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public BenchProcess(string file, IEnumerable<string> args, string workDir)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = workDir,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        _process = Process.Start(psi)!;
        _process.StandardInput.Close();
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    public string Output { get { lock (_output) return _output.ToString(); } }

    public bool Wait(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <summary>CPU seconds (user + system) used so far, from /proc.</summary>
    public double CpuSeconds()
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{Pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
        }
        catch (IOException) { return 0; }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Process.Start("kill", ["-TERM", Pid.ToString()])?.WaitForExit(2000);
            if (!_process.WaitForExit(10_000)) _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }
}

internal static class FreePort
{
    /// <summary>A port free for both UDP and TCP on 127.0.0.1 right now (SIP listens on both).</summary>
    public static int UdpAndTcp()
    {
        for (int i = 0; i < 50; i++)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            int port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            try
            {
                using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException) { }
        }
        throw new InvalidOperationException("no free port");
    }
}
