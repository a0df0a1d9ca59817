using System.Runtime.InteropServices;

namespace SipGateway.Media.Transport;

/// <summary>
/// epoll(7): one thread waits on the sockets of many legs. The BCL's own epoll engine delivers each readiness as a
/// thread-pool continuation per socket; the relay wants the opposite (a few dedicated threads that drain many sockets
/// with recvmmsg). x86-64 Linux only: there <c>struct epoll_event</c> is packed (12 bytes), elsewhere it is not.
/// </summary>
internal static unsafe class LinuxEpoll
{
    public const uint EpollIn = 0x001;
    public const int CtlAdd = 1;
    public const int CtlDel = 2;
    private const int EpollCloexec = 0x80000;

    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    public struct EpollEvent
    {
        public uint Events;
        public ulong Data;
    }

    public static bool IsSupported { get; } =
        LinuxDatagramCalls.IsSupported && RuntimeInformation.ProcessArchitecture == Architecture.X64 && Probe();

    [DllImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    private static extern int EpollCreate1(int flags);

    [DllImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    private static extern int EpollCtl(int epfd, int op, int fd, EpollEvent* ev);

    [DllImport("libc", EntryPoint = "epoll_wait", SetLastError = true)]
    public static extern int Wait(int epfd, EpollEvent* events, int maxEvents, int timeoutMilliseconds);

    public static int Create()
    {
        int fd = EpollCreate1(EpollCloexec);
        if (fd < 0) throw new System.Net.Sockets.SocketException(Marshal.GetLastPInvokeError());
        return fd;
    }

    /// <summary>Watches <paramref name="fd"/> for input (level-triggered: a socket with datagrams left after one
    /// batch is reported again by the next wait).</summary>
    public static int Add(int epfd, int fd, ulong data)
    {
        var ev = new EpollEvent { Events = EpollIn, Data = data };
        return EpollCtl(epfd, CtlAdd, fd, &ev) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    public static void Remove(int epfd, int fd)
    {
        var ev = default(EpollEvent); // kernels before 2.6.9 wanted a non-null pointer
        EpollCtl(epfd, CtlDel, fd, &ev);
    }

    private static bool Probe()
    {
        try
        {
            if (sizeof(EpollEvent) != 12) return false;
            int fd = EpollCreate1(EpollCloexec);
            if (fd < 0) return false;
            Close(fd);
            return true;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
