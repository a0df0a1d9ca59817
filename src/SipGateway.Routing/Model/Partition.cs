namespace SipGateway.Routing;

/// <summary>A named group of DNs and patterns. The unnamed partition is UCM's &lt;None&gt;, reachable from every CSS, last.</summary>
public sealed class Partition
{
    internal Partition(string? name, int id)
    {
        Name = name;
        Id = id;
    }

    /// <summary>Null for &lt;None&gt;.</summary>
    public string? Name { get; }

    internal int Id { get; }

    public override string ToString() => Name ?? "<None>";
}
