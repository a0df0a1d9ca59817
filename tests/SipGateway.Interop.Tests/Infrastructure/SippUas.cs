using System.Diagnostics;
using System.Text;

namespace SipGateway.Interop.Tests.Infrastructure;

/// <summary>A SIPp UAS running in the background on a free port, tracing what it received.</summary>
internal sealed class SippUas : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _dir;

    private SippUas(Process process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    public static SippUas Start(string scenario, string transport = "u1", int calls = 1, int timeoutSeconds = 40) =>
        StartOn(scenario, FreePort.UdpAndTcp(), transport, calls, timeoutSeconds);

    public static SippUas StartOn(string scenario, int port, string transport = "u1", int calls = 1, int timeoutSeconds = 40)
    {
        var dir = Directory.CreateTempSubdirectory("sipp-uas-").FullName;
        var psi = new ProcessStartInfo(ExternalTool.Require("sipp"))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = dir,
        };
        foreach (var a in new[] { "-sf", Sipp.Scenario(scenario), "-i", "127.0.0.1", "-p", port.ToString(), "-t", transport, "-m", calls.ToString(),
                     "-timeout", $"{timeoutSeconds}s", "-nostdin", "-trace_msg", "-message_file", Path.Combine(dir, "messages.log"),
                     "-trace_err", "-error_file", Path.Combine(dir, "errors.log"), "-mp", FreePort.UdpAndTcp().ToString() })
            psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var uas = new SippUas(p, dir, port);
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (uas._output) uas._output.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (uas._output) uas._output.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        WaitUntilBound(port, p);
        return uas;
    }

    /// <summary>Waits for the scenario to finish; returns SIPp's exit code (0 = every call succeeded).</summary>
    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try { await _process.WaitForExitAsync(cts.Token); return _process.ExitCode; }
        catch (OperationCanceledException) { return -1; }
    }

    public string Messages
    {
        get
        {
            var f = Path.Combine(_dir, "messages.log");
            return File.Exists(f) ? File.ReadAllText(f) : "";
        }
    }

    public string Diagnostics
    {
        get
        {
            var f = Path.Combine(_dir, "errors.log");
            lock (_output) return _output + (File.Exists(f) ? "\nerrors:\n" + File.ReadAllText(f) : "");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    /// <summary>
    /// Waits (bounded, 10 s) until SIPp's UDP socket on <paramref name="port"/> shows in /proc/net/udp: on a loaded
    /// machine SIPp can take seconds to start, and an INVITE sent before it binds is lost (the route member then looks
    /// silent). Reading the kernel's table never competes with SIPp for the port.
    /// </summary>
    private static void WaitUntilBound(int port, Process sipp)
    {
        var needle = $":{port:X4} ";
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && !sipp.HasExited)
        {
            try
            {
                if (File.ReadLines("/proc/net/udp").Skip(1).Any(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is { Length: > 1 } f
                        && f[1].EndsWith(needle.TrimEnd(), StringComparison.OrdinalIgnoreCase)))
                    return;
            }
            catch (IOException) { Thread.Sleep(300); return; }
            Thread.Sleep(50);
        }
    }
}
