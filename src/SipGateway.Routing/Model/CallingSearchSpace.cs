namespace SipGateway.Routing;

/// <summary>An ordered list of partitions a caller may reach; the order only breaks exact closeness ties.</summary>
public sealed class CallingSearchSpace
{
    private readonly int[] _rankByPartitionId;

    internal CallingSearchSpace(string name, IReadOnlyList<Partition> partitions, int partitionCount)
    {
        Name = name;
        Partitions = partitions;
        _rankByPartitionId = new int[partitionCount];
        Array.Fill(_rankByPartitionId, -1);
        for (int i = 0; i < partitions.Count; i++)
        {
            if (_rankByPartitionId[partitions[i].Id] < 0) _rankByPartitionId[partitions[i].Id] = i;
        }
        // UCM searches the <None> partition after every named one, from any CSS.
        if (_rankByPartitionId[DialPlan.NonePartitionId] < 0) _rankByPartitionId[DialPlan.NonePartitionId] = partitions.Count;
    }

    public string Name { get; }

    public IReadOnlyList<Partition> Partitions { get; }

    /// <summary>Position of <paramref name="partition"/> in this CSS, or -1 when it is not reachable.</summary>
    internal int RankOf(Partition partition) => _rankByPartitionId[partition.Id];

    internal int RankOf(int partitionId) => _rankByPartitionId[partitionId];

    /// <summary>UCM's line + device CSS: the line's partitions first, then the device's.</summary>
    internal static CallingSearchSpace Combine(CallingSearchSpace? line, CallingSearchSpace? device, int partitionCount)
    {
        var partitions = new List<Partition>();
        if (line is not null) partitions.AddRange(line.Partitions);
        if (device is not null) partitions.AddRange(device.Partitions);
        var name = (line, device) switch
        {
            (not null, not null) => $"{line.Name}+{device.Name}",
            (not null, null) => line.Name,
            (null, not null) => device.Name,
            _ => "",
        };
        return new CallingSearchSpace(name, partitions, partitionCount);
    }

    public override string ToString() => Name;
}
