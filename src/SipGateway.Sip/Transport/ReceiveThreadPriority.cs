using System.Runtime.InteropServices;

namespace SipGateway.Sip.Transport;

/// <summary>
/// Lowers the nice value of the calling thread (setpriority(2) on its thread id; Linux only, needs CAP_SYS_NICE,
/// otherwise nothing changes). The media layer runs its RTP receive threads at nice -10; the SIP receive thread asks
/// for the same, or every relay thread started or woken for a call (shutdown(2) on hang-up) preempts signalling and
/// sends it to the back of a busy run queue (measured: ~1 ms per wake on a loaded 2-core box, 2/3 of the SIP thread's
/// time at 500 calls/s; bench/SipGateway.Calls.Bench).
/// </summary>
internal static class ReceiveThreadPriority
{
    /// <summary>Same as SipGateway.Media's relay threads (RtpLeg.RelayNice).</summary>
    public const int Nice = -10;

    public static bool TryRaiseCurrentThread(int nice = Nice)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return SetPriority(0 /* PRIO_PROCESS: a tid names one thread on Linux */, GetTid(), nice) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int prio);

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetTid();
}
