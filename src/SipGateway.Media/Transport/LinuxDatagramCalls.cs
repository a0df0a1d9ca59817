using System.Runtime.InteropServices;

namespace SipGateway.Media.Transport;

/// <summary>
/// recvmmsg(2) and sendmmsg(2): many datagrams per system call. The BCL has no batch socket calls, and on a
/// loaded relay the per-call cost (entry, fd lookup, the managed socket wrapper) is a large part of each
/// packet's CPU. 64-bit Linux layouts only; <see cref="IsSupported"/> says whether they apply.
/// </summary>
internal static unsafe class LinuxDatagramCalls
{
    /// <summary>recvmmsg: block for the first datagram only, then take what is already queued.</summary>
    public const int MsgWaitForOne = 0x10000;
    /// <summary>Do not block, whatever the socket's mode.</summary>
    public const int MsgDontWait = 0x40;
    public const int Eintr = 4;
    public const int Eagain = 11;

    public static bool IsSupported { get; } = OperatingSystem.IsLinux() && Environment.Is64BitProcess && Probe();

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MMsgHdr
    {
        public MsgHdr Header;
        public uint Length;
    }

    [DllImport("libc", EntryPoint = "recvmmsg", SetLastError = true)]
    public static extern int RecvMmsg(int fd, MMsgHdr* messages, uint count, int flags, void* timeout);

    [DllImport("libc", EntryPoint = "sendmmsg", SetLastError = true)]
    public static extern int SendMmsg(int fd, MMsgHdr* messages, uint count, int flags);

    private static bool Probe()
    {
        try
        {
            // fd -1: EBADF proves the entry points resolve without touching a socket.
            RecvMmsg(-1, null, 0, 0, null);
            SendMmsg(-1, null, 0, 0);
            return sizeof(MMsgHdr) == 64;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }
}
