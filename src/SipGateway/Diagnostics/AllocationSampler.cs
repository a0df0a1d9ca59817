using System.Diagnostics.Tracing;

namespace SipGateway.Diagnostics;

/// <summary>
/// Samples what the process allocates, by type, for a few seconds: the runtime's GCAllocationTick event fires about every
/// 100 KB allocated and names the type that crossed the mark, so counts are proportional to bytes. For finding what a
/// call costs under load (GET /api/diagnostics/allocations?seconds=N) without a profiler on the box.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private readonly Dictionary<string, long> _bytesByType = new(StringComparer.Ordinal);
    private volatile bool _enabled;

    public static async Task<IReadOnlyList<AllocationSample>> SampleAsync(TimeSpan duration, int top, CancellationToken ct)
    {
        using var sampler = new AllocationSampler();
        sampler._enabled = true;
        try { await Task.Delay(duration, ct); }
        finally { sampler._enabled = false; }
        lock (sampler._bytesByType)
        {
            long total = sampler._bytesByType.Values.Sum();
            return sampler._bytesByType.OrderByDescending(p => p.Value).Take(top)
                .Select(p => new AllocationSample(p.Key, p.Value, total == 0 ? 0 : Math.Round(100.0 * p.Value / total, 1))).ToList();
        }
    }

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime") EnableEvents(source, EventLevel.Verbose, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        if (!_enabled || e.EventName is null || !e.EventName.StartsWith("GCAllocationTick", StringComparison.Ordinal) || e.Payload is null) return;
        int typeAt = e.PayloadNames?.IndexOf("TypeName") ?? -1;
        int amountAt = e.PayloadNames?.IndexOf("AllocationAmount64") ?? -1;
        var type = typeAt >= 0 ? e.Payload[typeAt] as string ?? "?" : "?";
        long amount = amountAt >= 0 && e.Payload[amountAt] is ulong a ? (long)a : 100_000;
        lock (_bytesByType) _bytesByType[type] = _bytesByType.GetValueOrDefault(type) + amount;
    }
}

internal sealed record AllocationSample(string Type, long Bytes, double Percent);
