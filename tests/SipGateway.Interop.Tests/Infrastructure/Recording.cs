namespace SipGateway.Interop.Tests.Infrastructure;

/// <summary>Helpers for what a phone recorded.</summary>
internal static class Recording
{
    /// <summary>The loudest second (8000 samples) of a recording: where the relayed audio is, past set-up silence.</summary>
    public static short[] Loudest(short[] s)
    {
        int best = 0;
        double bestEnergy = -1;
        for (int start = 0; start + 8000 <= s.Length; start += 800)
        {
            double e = 0;
            for (int i = start; i < start + 8000; i++) e += (double)s[i] * s[i];
            if (e > bestEnergy) { bestEnergy = e; best = start; }
        }
        return s.AsSpan(best, Math.Min(8000, s.Length - best)).ToArray();
    }
}
