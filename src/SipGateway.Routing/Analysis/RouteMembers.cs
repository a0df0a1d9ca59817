using System.Collections;

namespace SipGateway.Routing;

/// <summary>
/// A route decision's members as a view: shared slots (<see cref="RouteExpansion"/>) plus this call's numbers
/// and circular starts, so analysis allocates no member array and reading a member allocates nothing.
/// </summary>
internal sealed class RouteMembers : IReadOnlyList<RouteTarget>
{
    private readonly RouteExpansion _expansion;
    private readonly ulong _starts;
    private readonly string _called;
    private readonly string _calling;

    /// <param name="starts">Circular start of each circular group, 16 bits each in <see cref="RouteExpansion.Circular"/> order.</param>
    public RouteMembers(RouteExpansion expansion, ulong starts, string called, string calling)
    {
        _expansion = expansion;
        _starts = starts;
        _called = called;
        _calling = calling;
    }

    public int Count => _expansion.MemberCount;

    public RouteTarget this[int index]
    {
        get
        {
            var expansion = _expansion;
            if ((uint)index >= (uint)expansion.MemberCount) throw new ArgumentOutOfRangeException(nameof(index));
            int g = expansion.SlotGroup[index];
            var group = expansion.Groups[g];
            var trunks = group.Members;
            int k = expansion.SlotMember[index], ordinal = expansion.CircularOrdinal[g];
            if (ordinal >= 0) k = (k + (int)(_starts >> (16 * ordinal) & 0xFFFF)) % trunks.Count;
            return new RouteTarget(trunks[k], group.Name, _called, _calling);
        }
    }

    public IEnumerator<RouteTarget> GetEnumerator()
    {
        for (int i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
