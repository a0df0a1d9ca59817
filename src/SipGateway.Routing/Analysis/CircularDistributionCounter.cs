using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace SipGateway.Routing;

/// <summary>
/// Where each circular route group starts its next call. Kept outside the immutable plan so analysis stays
/// pure: the host holds one for the life of the process; tests and the Dialed Number Analyzer use a fresh one.
/// </summary>
public class CircularDistributionCounter
{
    private readonly ConcurrentDictionary<string, StrongBox<int>> _next = new(StringComparer.Ordinal);

    /// <summary>The member index to start at for this call, advancing the group by one.</summary>
    public virtual int Next(RouteGroup group)
    {
        // The group keeps the last counter's box for it: after the first call no dictionary lookup (a string
        // hash) per call. Another counter on the same group just looks up its own box again; the box per
        // (counter, group name) is unique, so whatever the group holds, a counter only advances its own.
        var slot = group.CircularSlot;
        if (slot is null || slot.Owner != this)
            group.CircularSlot = slot = new Slot(this, _next.GetOrAdd(group.Name, static _ => new StrongBox<int>()));
        uint taken = (uint)Interlocked.Increment(ref slot.Box.Value) - 1;
        return (int)(taken % (uint)group.MemberCount);
    }

    internal sealed record Slot(CircularDistributionCounter Owner, StrongBox<int> Box);
}
