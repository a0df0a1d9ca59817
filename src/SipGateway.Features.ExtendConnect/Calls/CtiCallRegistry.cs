using System.Collections.Concurrent;
using SipGateway.Features.ExtendConnect.Errors;

namespace SipGateway.Features.ExtendConnect.Calls;

/// <summary>The CTI calls in progress, by the id the API gives out.</summary>
public sealed class CtiCallRegistry
{
    private readonly ConcurrentDictionary<string, CtiCall> _calls = new(StringComparer.Ordinal);
    private long _next;

    public string NextId(string prefix) => $"{prefix}-{Interlocked.Increment(ref _next)}";

    public void Add(CtiCall call) => _calls[call.Id] = call;

    public void Remove(CtiCall call) => _calls.TryRemove(call.Id, out _);

    public CtiCall Get(string id) =>
        _calls.TryGetValue(id, out var c) ? c : throw new CtiException(new CtiError("CALL_NOT_FOUND", 404, $"no CTI call with id '{id}'"));

    public IReadOnlyList<CtiCall> All => [.. _calls.Values];
}
