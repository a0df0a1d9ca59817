namespace SipGateway.Routing;

/// <summary>
/// A validated, indexed, immutable dial plan. Build it with <see cref="Build"/>; analyse calls with
/// <see cref="DigitAnalysis"/> or <see cref="DialedNumberAnalyzer"/>. Safe to share between threads.
/// </summary>
public sealed class DialPlan
{
    /// <summary>UCM stops a chain of translation patterns after this many.</summary>
    public const int MaxTranslations = 10;

    internal const int NonePartitionId = 0;

    internal DialPlan(DialPlanParts parts)
    {
        NonePartition = parts.NonePartition;
        Partitions = parts.Partitions;
        CallingSearchSpaces = parts.CallingSearchSpaces;
        RouteGroups = parts.RouteGroups;
        RouteLists = parts.RouteLists;
        DevicePools = parts.DevicePools;
        Trunks = parts.Trunks;
        Devices = parts.Devices;
        DirectoryNumbers = parts.DirectoryNumbers;
        RoutePatterns = parts.RoutePatterns;
        TranslationPatterns = parts.TranslationPatterns;
        FailoverRules = parts.FailoverRules;
        Index = parts.Index;
        PartitionCount = parts.Partitions.Count + 1;
    }

    public Partition NonePartition { get; }
    public IReadOnlyDictionary<string, Partition> Partitions { get; }
    public IReadOnlyDictionary<string, CallingSearchSpace> CallingSearchSpaces { get; }
    public IReadOnlyDictionary<string, RouteGroup> RouteGroups { get; }
    public IReadOnlyDictionary<string, RouteList> RouteLists { get; }
    public IReadOnlyDictionary<string, DevicePool> DevicePools { get; }
    public IReadOnlyDictionary<string, Trunk> Trunks { get; }
    public IReadOnlyDictionary<string, Device> Devices { get; }
    public IReadOnlyList<DirectoryNumber> DirectoryNumbers { get; }
    public IReadOnlyList<RoutePattern> RoutePatterns { get; }
    public IReadOnlyList<TranslationPattern> TranslationPatterns { get; }
    public FailoverRules FailoverRules { get; }

    internal PatternIndex Index { get; }

    internal int PartitionCount { get; }

    /// <summary>Validates <paramref name="options"/> with the devices' lines and the trunks, and indexes every pattern.</summary>
    /// <exception cref="DialPlanConfigException">The first problem found, with its key path and value.</exception>
    public static DialPlan Build(DialPlanOptions options, IEnumerable<DeviceDefinition>? devices = null,
        IEnumerable<TrunkDefinition>? trunks = null) =>
        new DialPlan(new DialPlanBuilder(options, devices ?? [], trunks ?? []).Build());

    /// <summary>A caller placing a call from <paramref name="deviceName"/>'s line (line CSS, then device CSS; the device's pool).</summary>
    /// <exception cref="KeyNotFoundException">Unknown device or line.</exception>
    public Caller CallerFromDevice(string deviceName, int lineIndex = 0)
    {
        var device = Find(Devices, deviceName, "device");
        if (device.Lines.Count == 0)
            return new Caller(CallingSearchSpace.Combine(null, device.Css, PartitionCount), device.DevicePool, null, null, device.Name);
        if ((uint)lineIndex >= (uint)device.Lines.Count)
            throw new KeyNotFoundException($"device '{deviceName}' has no line {lineIndex + 1}");
        var line = device.Lines[lineIndex];
        return new Caller(line.EffectiveCss, device.DevicePool, line.ExternalPhoneNumberMask, line.DirectoryNumber.Dn, device.Name);
    }

    /// <summary>A call arriving on a trunk: its inbound CSS, and its device pool for the local route group.</summary>
    /// <exception cref="KeyNotFoundException">Unknown trunk.</exception>
    public Caller CallerFromTrunk(string trunkName)
    {
        var trunk = Find(Trunks, trunkName, "trunk");
        return new Caller(CallingSearchSpace.Combine(trunk.InboundCss, null, PartitionCount), trunk.DevicePool, null, null, trunk.Name);
    }

    /// <summary>
    /// A caller with the named CSS (null or empty: only the &lt;None&gt; partition). With a device, the CSS stands
    /// in for the line CSS: it is searched first, then the device CSS, and the device's pool and primary line apply.
    /// </summary>
    /// <exception cref="KeyNotFoundException">Unknown CSS or device.</exception>
    public Caller CallerWithCss(string? cssName, string? deviceName = null)
    {
        CallingSearchSpace? css = string.IsNullOrEmpty(cssName) ? null : Find(CallingSearchSpaces, cssName, "calling search space");
        if (string.IsNullOrEmpty(deviceName))
            return new Caller(CallingSearchSpace.Combine(css, null, PartitionCount), null, null, null, null);
        var device = Find(Devices, deviceName, "device");
        var line = device.Lines.Count > 0 ? device.Lines[0] : null;
        return new Caller(CallingSearchSpace.Combine(css, device.Css, PartitionCount), device.DevicePool,
            line?.ExternalPhoneNumberMask, line?.DirectoryNumber.Dn, device.Name);
    }

    private static T Find<T>(IReadOnlyDictionary<string, T> items, string name, string what) =>
        items.TryGetValue(name, out var item) ? item : throw new KeyNotFoundException($"unknown {what} '{name}'");
}
