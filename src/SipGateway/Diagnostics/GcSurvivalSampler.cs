using System.Diagnostics.Tracing;

namespace SipGateway.Diagnostics;

/// <summary>
/// Measures what survives garbage collection for a few seconds (GET /api/diagnostics/gc?seconds=N). A GC's cost is the
/// bytes it must keep (mark and copy), not the bytes that die; under load, state that outlives a call (transactions
/// absorbing retransmissions, records waiting to be written) is what the collector copies. Totals come from the
/// runtime's GCHeapStats events: bytes promoted out of gen0 and out of gen1 by the collections in the window.
/// </summary>
internal sealed class GcSurvivalSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private volatile bool _enabled;
    private long _collections, _promotedGen0, _promotedGen1;

    public static async Task<GcSurvival> SampleAsync(TimeSpan duration, CancellationToken ct)
    {
        using var sampler = new GcSurvivalSampler();
        long allocatedBefore = GC.GetTotalAllocatedBytes();
        var pauseBefore = GC.GetTotalPauseDuration();
        sampler._enabled = true;
        try { await Task.Delay(duration, ct); }
        finally { sampler._enabled = false; }
        return new GcSurvival(duration.TotalSeconds, Interlocked.Read(ref sampler._collections), GC.GetTotalAllocatedBytes() - allocatedBefore,
            Interlocked.Read(ref sampler._promotedGen0), Interlocked.Read(ref sampler._promotedGen1),
            (long)(GC.GetTotalPauseDuration() - pauseBefore).TotalMilliseconds);
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Informational, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_enabled || e.EventName is null || e.Payload is null || !e.EventName.StartsWith("GCHeapStats", StringComparison.Ordinal)) return;
        Interlocked.Increment(ref _collections);
        Interlocked.Add(ref _promotedGen0, Payload(e, "TotalPromotedSize0"));
        Interlocked.Add(ref _promotedGen1, Payload(e, "TotalPromotedSize1"));
    }

    private static long Payload(EventWrittenEventArgs e, string name)
    {
        int at = e.PayloadNames?.IndexOf(name) ?? -1;
        return at >= 0 && e.Payload![at] is ulong v ? (long)v : 0;
    }
}

/// <summary>What the collections in a window kept: bytes promoted from gen0 to gen1 and from gen1 to gen2.</summary>
internal sealed record GcSurvival(double Seconds, long Collections, long AllocatedBytes, long PromotedFromGen0Bytes,
    long PromotedFromGen1Bytes, long PauseMilliseconds);
