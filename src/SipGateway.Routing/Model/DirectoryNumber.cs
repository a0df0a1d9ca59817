namespace SipGateway.Routing;

/// <summary>A line number in a partition. Several devices may share it (a shared line).</summary>
public sealed class DirectoryNumber : DialPlanEntry
{
    private readonly List<string> _devices = new();

    internal DirectoryNumber(DigitPattern pattern, Partition partition, string keyPath, int order)
        : base(pattern, partition, keyPath, order)
    {
    }

    public string Dn => Pattern.Text;

    /// <summary>Device names with a line on this DN, in configuration order.</summary>
    public IReadOnlyList<string> Devices => _devices;

    internal void AddDevice(string device)
    {
        if (!_devices.Contains(device)) _devices.Add(device);
    }
}
