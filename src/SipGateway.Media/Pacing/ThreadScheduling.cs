using System.Runtime.InteropServices;

namespace SipGateway.Media.Pacing;

/// <summary>
/// Raises the OS scheduling priority of the calling thread. On Linux, <see cref="Thread.Priority"/> has no
/// effect, so pacer threads ask for the SCHED_FIFO real-time policy (sched_setscheduler(2)): a woken real-time
/// thread preempts ordinary work at once instead of waiting out the fair scheduler's granularity (a few ms on
/// a busy 2-core machine, more than the whole pacing budget). If that is not permitted, it falls back to a
/// lower nice value (setpriority(2)). Both need CAP_SYS_NICE; without it nothing changes. The kernel's RT
/// throttling (sched_rt_runtime_us) still leaves other threads 5 % of each core if a pacer ever spins flat out.
/// </summary>
internal static class ThreadScheduling
{
    private const int SchedFifo = 1;
    private const int PrioProcess = 0;

    /// <summary>Returns "fifo", "nice" or "none" (what was obtained).</summary>
    public static string TryRaiseCurrentThread(int realtimePriority = 10, int nice = -10)
    {
        if (!OperatingSystem.IsLinux()) return "none";
        try
        {
            int priority = realtimePriority;
            if (SchedSetScheduler(0, SchedFifo, ref priority) == 0) return "fifo"; // pid 0: the calling thread
            return SetPriority(PrioProcess, GetTid(), nice) == 0 ? "nice" : "none";
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return "none";
        }
    }

    /// <summary>Lowers the nice value of the calling thread (setpriority(2) on its thread id; Linux only).
    /// A weighted fair share rather than real time: the thread still yields to others and cannot starve the
    /// machine if the traffic driving it is a flood. Returns whether it was applied.</summary>
    public static bool TryRaiseCurrentThreadNice(int nice)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return SetPriority(PrioProcess, GetTid(), nice) == 0;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Sleeps for a sub-millisecond interval with nanosleep(2) (Linux), where Thread.Sleep only has
    /// millisecond resolution. Real-time threads have no timer slack, so the wake-up is within tens of µs;
    /// sleeping instead of spinning keeps a real-time pacer from being throttled by the kernel.</summary>
    public static void SleepMicroseconds(long microseconds)
    {
        if (microseconds <= 0) return;
        if (!OperatingSystem.IsLinux())
        {
            Thread.Yield();
            return;
        }
        var ts = new TimeSpec { Seconds = microseconds / 1_000_000, Nanoseconds = (microseconds % 1_000_000) * 1000 };
        NanoSleep(ref ts, IntPtr.Zero);
    }

    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "nanosleep")]
    private static extern int NanoSleep(ref TimeSpec request, IntPtr remaining);

    [DllImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static extern int SchedSetScheduler(int pid, int policy, ref int param);

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetTid();

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int prio);
}
