using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace SipGateway.Interop.Tests.Infrastructure;

/// <summary>
/// A real baresip softphone, headless (see PEERS.md): its own config folder, SIP on a free port, a ctrl_tcp
/// control port for netstring JSON commands, and a hard time bound (-t).
/// </summary>
internal sealed class Baresip : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    public string Dir { get; }
    public int SipPort { get; }
    public int ControlPort { get; }

    private Baresip(Process process, string dir, int sipPort, int controlPort)
    {
        _process = process;
        Dir = dir;
        SipPort = sipPort;
        ControlPort = controlPort;
    }

    public string Output { get { lock (_output) return _output.ToString(); } }

    public string RecordingDir => Path.Combine(Dir, "rec");

    /// <summary>
    /// Starts baresip. With <paramref name="microphone"/> it sends that WAV (8 kHz mono 16-bit) as its audio; with
    /// <paramref name="record"/> its sndfile module writes what it decodes to <see cref="RecordingDir"/>.
    /// </summary>
    public static Baresip Start(string accountLine, int maxSeconds = 60, string? microphone = null, bool record = false)
    {
        // A port found free can be taken by another process before baresip binds it (parallel tests, ephemeral
        // ports): baresip then stops at once with "init failed". Up to three tries, each on new ports.
        for (int attempt = 1; ; attempt++)
        {
            var phone = StartOnce(accountLine, maxSeconds, microphone, record);
            var deadline = DateTime.UtcNow.AddSeconds(1.5);
            while (DateTime.UtcNow < deadline && !phone.Output.Contains("init failed") && !phone._process.HasExited) Thread.Sleep(50);
            if (!phone.Output.Contains("init failed") || attempt == 3) return phone;
            phone.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(10));
        }
    }

    private static Baresip StartOnce(string accountLine, int maxSeconds, string? microphone, bool record)
    {
        ExternalTool.Require("baresip");
        var dir = Directory.CreateTempSubdirectory("baresip-").FullName;
        int sip = FreePort.UdpAndTcp(), ctrl = FreePort.Tcp();
        Directory.CreateDirectory(Path.Combine(dir, "rec"));
        // baresip refuses to answer when its audio source fails to start, so a phone without a given microphone gets silence.
        if (microphone is null)
        {
            microphone = Path.Combine(dir, "silence.wav");
            ToneFile.Write(microphone, 0, TimeSpan.FromSeconds(30));
        }
        var source = "aufile," + microphone;
        File.WriteAllText(Path.Combine(dir, "config"), $"""
            module_path /usr/lib/baresip/modules
            sip_listen 127.0.0.1:{sip}
            net_interface 127.0.0.1
            audio_player aufile,{dir}/played.wav
            audio_source {source}
            audio_alert aufile,{dir}/alert.wav
            ausrc_srate 8000
            auplay_srate 8000
            ausrc_channels 1
            auplay_channels 1
            module g711.so
            module aufile.so
            {(record ? "module sndfile.so" : "")}
            module_tmp uuid.so
            module_tmp account.so
            module_app menu.so
            module_app ctrl_tcp.so
            ctrl_tcp_listen 127.0.0.1:{ctrl}
            snd_path {dir}/rec
            """);
        File.WriteAllText(Path.Combine(dir, "accounts"), accountLine + "\n");
        var psi = new ProcessStartInfo(ExternalTool.Require("baresip"))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
            WorkingDirectory = dir,
        };
        foreach (var a in new[] { "-4", "-f", dir, "-t", maxSeconds.ToString() }) psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        var b = new Baresip(p, dir, sip, ctrl);
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (b._output) b._output.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (b._output) b._output.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return b;
    }

    /// <summary>Sends one ctrl_tcp command (netstring-framed JSON) and returns what came back within a second.</summary>
    public async Task<string> CommandAsync(string command, string parameters = "")
    {
        using var tcp = new TcpClient();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try { await tcp.ConnectAsync("127.0.0.1", ControlPort); break; }
            catch (SocketException) when (DateTime.UtcNow < deadline) { await Task.Delay(200); }
        }
        var json = $"{{\"command\":\"{command}\",\"params\":\"{parameters}\",\"token\":\"t1\"}}";
        var frame = Encoding.UTF8.GetBytes($"{Encoding.UTF8.GetByteCount(json)}:{json},");
        var stream = tcp.GetStream();
        await stream.WriteAsync(frame);
        var buffer = new byte[8192];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        var sb = new StringBuilder();
        try
        {
            while (!sb.ToString().Contains("\"token\":\"t1\""))
            {
                int n = await stream.ReadAsync(buffer, cts.Token);
                if (n == 0) break;
                sb.Append(Encoding.UTF8.GetString(buffer, 0, n));
            }
        }
        catch (OperationCanceledException) { }
        return sb.ToString();
    }

    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try { await _process.WaitForExitAsync(cts.Token); return true; }
        catch (OperationCanceledException) { return false; }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { Directory.Delete(Dir, true); } catch (IOException) { }
    }
}
