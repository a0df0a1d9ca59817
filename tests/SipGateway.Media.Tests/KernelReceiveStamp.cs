using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace SipGateway.Media.Tests;

/// <summary>
/// When a datagram reached a socket, by the kernel's clock (Linux SIOCGSTAMPNS ioctl(2): the first call turns stamping
/// on; after each receive it returns that datagram's stamp, in ns). On loopback the stamp is taken as the sender hands
/// the packet over, so pacing is measured without the receiving test thread's own scheduling delays, which on a busy
/// 2-core machine are milliseconds. Elsewhere it falls back to the time of the call, in ns of the monotonic clock.
/// </summary>
internal static class KernelReceiveStamp
{
    private const ulong SiocGStampNs = 0x8907;

    /// <summary>Turns stamping on for <paramref name="socket"/> (before anything is received).</summary>
    public static void Enable(Socket socket)
    {
        if (OperatingSystem.IsLinux()) Read(socket, out _);
    }

    /// <summary>The stamp of the datagram the last receive returned, in nanoseconds (only differences mean anything).</summary>
    public static long Last(Socket socket)
    {
        if (OperatingSystem.IsLinux() && Read(socket, out long ns)) return ns;
        return (long)(Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency));
    }

    private static bool Read(Socket socket, out long ns)
    {
        var ts = default(TimeSpec);
        bool ok = Ioctl((int)socket.SafeHandle.DangerousGetHandle(), SiocGStampNs, ref ts) == 0;
        ns = (ts.Seconds * 1_000_000_000) + ts.Nanoseconds;
        return ok;
    }

    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static extern int Ioctl(int fd, ulong request, ref TimeSpec value);
}
