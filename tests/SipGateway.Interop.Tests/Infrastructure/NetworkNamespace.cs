using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace SipGateway.Interop.Tests.Infrastructure;

/// <summary>
/// A private network namespace (ip netns) whose only interface is lo, up, multicast on, with 224.0.0.0/4 routed to
/// it: multicast sent in it can never leave the machine. Processes run in it through `ip netns exec`; the test's own
/// sockets are created by a thread that entered it with setns(2) (a socket stays in the namespace it was created in,
/// whichever thread uses it later). Needs root, as tests/test.sh runs.
/// </summary>
internal sealed class NetworkNamespace : IDisposable
{
    private const int CloneNewNet = 0x40000000;
    private static int _counter;
    private readonly BlockingCollection<Action> _work = new();
    private readonly Thread _thread;

    [DllImport("libc", SetLastError = true)]
    private static extern int setns(int fd, int nstype);

    private NetworkNamespace(string name)
    {
        Name = name;
        var entered = new TaskCompletionSource();
        _thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/run/netns/{name}");
                if (setns((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
                    throw new InvalidOperationException($"setns into {name} failed: errno {Marshal.GetLastPInvokeError()}");
                entered.SetResult();
            }
            catch (Exception ex)
            {
                entered.SetException(ex);
                return;
            }
            foreach (var work in _work.GetConsumingEnumerable()) work();
        }) { IsBackground = true, Name = "netns " + name };
        _thread.Start();
        entered.Task.Wait(TimeSpan.FromSeconds(10));
    }

    public string Name { get; }

    public static NetworkNamespace Create()
    {
        var name = $"sipgw-{Environment.ProcessId}-{Interlocked.Increment(ref _counter)}";
        Run("ip", "netns", "add", name);
        try
        {
            Run("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up");
            Run("ip", "netns", "exec", name, "ip", "link", "set", "lo", "multicast", "on");
            Run("ip", "netns", "exec", name, "ip", "route", "add", "224.0.0.0/4", "dev", "lo");
            return new NetworkNamespace(name);
        }
        catch
        {
            Run("ip", "netns", "del", name);
            throw;
        }
    }

    /// <summary>Runs <paramref name="create"/> on the thread inside the namespace (socket creation).</summary>
    public T Inside<T>(Func<T> create)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try { result.SetResult(create()); }
            catch (Exception ex) { result.SetException(ex); }
        });
        return result.Task.WaitAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
    }

    public Socket Socket(SocketType type, ProtocolType protocol) => Inside(() => new Socket(AddressFamily.InterNetwork, type, protocol));

    /// <summary>An HTTP client whose connections are made from inside the namespace.</summary>
    public HttpClient HttpClient(Uri baseAddress) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, ct) =>
        {
            var socket = Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(context.DnsEndPoint.Host), context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>A process started inside the namespace (ip netns exec).</summary>
    public ProcessStartInfo StartInfo(string program, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo("ip") { UseShellExecute = false };
        foreach (var a in new[] { "netns", "exec", Name, program }.Concat(args)) psi.ArgumentList.Add(a);
        return psi;
    }

    private static void Run(params string[] args)
    {
        var psi = new ProcessStartInfo(args[0]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args.Skip(1)) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var err = p.StandardError.ReadToEnd();
        if (!p.WaitForExit(10_000)) { p.Kill(); throw new TimeoutException(string.Join(' ', args)); }
        if (p.ExitCode != 0) throw new InvalidOperationException($"{string.Join(' ', args)} failed ({p.ExitCode}): {err} (private network namespaces need root)");
    }

    public void Dispose()
    {
        _work.CompleteAdding();
        _thread.Join(TimeSpan.FromSeconds(5));
        try { Run("ip", "netns", "del", Name); } catch (InvalidOperationException) { }
    }
}
