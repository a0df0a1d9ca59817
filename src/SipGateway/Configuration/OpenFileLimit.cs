namespace SipGateway.Configuration;

/// <summary>
/// The process's open-file limit (RLIMIT_NOFILE, soft) and the call limit it allows: every anchored call holds four
/// sockets (RTP and RTCP on each leg), and the rest of the process (SIP, TCP peers, SQLite, logs, the runtime's own
/// mappings) needs a reserve.
/// </summary>
public static class OpenFileLimit
{
    private const int SocketsPerCall = 4;

    /// <summary>The soft limit from /proc/self/limits, or null where that file does not exist or says "unlimited".</summary>
    public static long? Read()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/limits"))
            {
                if (!line.StartsWith("Max open files", StringComparison.Ordinal)) continue;
                var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return fields.Length > 0 && long.TryParse(fields[0], out var soft) ? soft : null;
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return null;
    }

    /// <summary>RTP/RTCP socket pairs the open-file limit leaves room for (the same reserve as <see cref="MaxCalls"/>).</summary>
    public static int MaxRtpPairs(long? openFiles) => openFiles is { } limit
        ? (int)Math.Clamp(ForSockets(limit) / 2, 32, int.MaxValue)
        : int.MaxValue;

    /// <summary>The call limit for <paramref name="configured"/> (0: automatic) under an open-file limit.</summary>
    public static int MaxCalls(int configured, long? openFiles)
    {
        if (configured > 0) return configured;
        if (openFiles is not { } limit) return 10_000;
        return (int)Math.Clamp(ForSockets(limit) / SocketsPerCall, 16, 1_000_000);
    }

    /// <summary>Descriptors left for RTP sockets: a tenth plus 256 stays free for everything else (more for larger
    /// limits: more TCP peers, bigger logs).</summary>
    private static long ForSockets(long limit) => limit - limit / 10 - 256;
}
