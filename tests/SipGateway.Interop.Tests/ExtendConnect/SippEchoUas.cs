using System.Diagnostics;
using SipGateway.Interop.Tests.Infrastructure;

namespace SipGateway.Interop.Tests.ExtendConnect;

/// <summary>
/// A SIPp UAS that answers as a remote destination behind a trunk and echoes the RTP it receives (-rtp_echo), so a
/// phone on the other side of a joined call hears its own audio back through the gateway.
/// </summary>
internal sealed class SippEchoUas : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dir;

    private SippEchoUas(Process process, string dir, int port)
    {
        _process = process;
        _dir = dir;
        Port = port;
    }

    public int Port { get; }

    public static SippEchoUas Start(string scenario, int calls = 1, int timeoutSeconds = 60)
    {
        var dir = Directory.CreateTempSubdirectory("sipp-echo-").FullName;
        int port = FreePort.UdpAndTcp();
        var psi = new ProcessStartInfo(ExternalTool.Require("sipp"))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = dir,
        };
        foreach (var a in new[] { "-sf", Sipp.Scenario(scenario), "-i", "127.0.0.1", "-p", port.ToString(), "-t", "u1", "-m", calls.ToString(),
                     "-timeout", $"{timeoutSeconds}s", "-nostdin", "-rtp_echo", "-mp", FreePort.UdpAndTcp().ToString(),
                     "-trace_msg", "-message_file", Path.Combine(dir, "messages.log"), "-trace_err", "-error_file", Path.Combine(dir, "errors.log") })
            psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        p.StandardInput.Close();
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        // SIPp may take a moment to bind on a loaded machine; an INVITE sent before that is lost.
        var needle = $":{port:X4}";
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline && !p.HasExited
               && !File.ReadLines("/proc/net/udp").Skip(1).Any(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1].EndsWith(needle, StringComparison.OrdinalIgnoreCase)))
            Thread.Sleep(50);
        return new SippEchoUas(p, dir, port);
    }

    public string Messages => File.Exists(Path.Combine(_dir, "messages.log")) ? File.ReadAllText(Path.Combine(_dir, "messages.log")) : "";

    public string Errors => File.Exists(Path.Combine(_dir, "errors.log")) ? File.ReadAllText(Path.Combine(_dir, "errors.log")) : "";

    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try { await _process.WaitForExitAsync(cts.Token); return _process.ExitCode; }
        catch (OperationCanceledException) { return -1; }
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
}
