using System.Diagnostics;
using System.Text;

namespace SipGateway.Interop.Tests.Infrastructure;

/// <summary>Runs a real third-party program (sipp, baresip) with a time bound and captures its output.</summary>
internal static class ExternalTool
{
    public sealed record Result(int ExitCode, string Output);

    public static string Require(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path)) return path;
        }
        throw new InvalidOperationException($"'{name}' is not installed: the test command (bash tests/test.sh) installs it with apt-get");
    }

    public static async Task<Result> RunAsync(string tool, IEnumerable<string> args, TimeSpan timeout, string? workDir = null)
    {
        var psi = new ProcessStartInfo(Require(tool))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
            WorkingDirectory = workDir ?? Environment.CurrentDirectory,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var output = new StringBuilder();
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try { await p.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            lock (output) output.AppendLine($"[killed after {timeout}]");
            return new Result(-1, output.ToString());
        }
        p.WaitForExit();
        lock (output) return new Result(p.ExitCode, output.ToString());
    }
}
