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
        var box = _next.GetOrAdd(group.Name, static _ => new StrongBox<int>());
        uint taken = (uint)Interlocked.Increment(ref box.Value) - 1;
        return (int)(taken % (uint)group.Members.Count);
    }
}
