namespace SipGateway.Routing.Tests;

/// <summary>A small fluent way to write a dial plan in a test: partitions, CSSs, patterns, devices and trunks.</summary>
internal sealed class DialPlanScenario
{
    public DialPlanOptions Options { get; } = new();
    public List<DeviceDefinition> Devices { get; } = new();
    public List<TrunkDefinition> Trunks { get; } = new();

    public DialPlanScenario Partitions(params string[] names)
    {
        Options.Partitions.AddRange(names);
        return this;
    }

    public DialPlanScenario Css(string name, params string[] partitions)
    {
        Options.CallingSearchSpaces[name] = partitions.ToList();
        return this;
    }

    public DialPlanScenario Route(string pattern, string? partition, string routeList = "RL", Action<RoutePatternOptions>? configure = null)
    {
        var options = new RoutePatternOptions { Pattern = pattern, Partition = partition, RouteList = routeList };
        configure?.Invoke(options);
        Options.RoutePatterns.Add(options);
        EnsureDefaultRouteList(options.RouteList);
        return this;
    }

    public DialPlanScenario Block(string pattern, string? partition, string? reason = null)
    {
        Options.RoutePatterns.Add(new RoutePatternOptions { Pattern = pattern, Partition = partition, Block = true, BlockReason = reason });
        return this;
    }

    public DialPlanScenario Translation(string pattern, string? partition, string? css, Action<TranslationPatternOptions>? configure = null)
    {
        var options = new TranslationPatternOptions { Pattern = pattern, Partition = partition, Css = css };
        configure?.Invoke(options);
        Options.TranslationPatterns.Add(options);
        return this;
    }

    public DialPlanScenario Trunk(string name, string? devicePool = null, string? inboundCss = null)
    {
        Trunks.Add(new TrunkDefinition { Name = name, DevicePool = devicePool, InboundCss = inboundCss });
        return this;
    }

    public DialPlanScenario RouteGroup(string name, string distribution, params string[] members)
    {
        foreach (var member in members)
        {
            if (!Trunks.Exists(t => t.Name == member)) Trunk(member);
        }
        Options.RouteGroups[name] = new RouteGroupOptions { Distribution = distribution, Members = members.ToList() };
        return this;
    }

    public DialPlanScenario RouteList(string name, params RouteListEntryOptions[] entries)
    {
        Options.RouteLists[name] = entries.ToList();
        return this;
    }

    public DialPlanScenario DevicePool(string name, string? localRouteGroup)
    {
        Options.DevicePools[name] = new DevicePoolOptions { LocalRouteGroup = localRouteGroup };
        return this;
    }

    public DialPlanScenario Device(string name, string? devicePool, string? css, params DeviceLineDefinition[] lines)
    {
        Devices.Add(new DeviceDefinition { Name = name, DevicePool = devicePool, Css = css, Lines = lines.ToList() });
        return this;
    }

    public DialPlanScenario Phone(string name, string dn, string? partition, string? css, string? devicePool = null) =>
        Device(name, devicePool, css, new DeviceLineDefinition { Dn = dn, Partition = partition });

    public DialPlan Build() => DialPlan.Build(Options, Devices, Trunks);

    /// <summary>Analyses as a caller with only <paramref name="css"/> (no device pool).</summary>
    public RoutingDecision Analyze(string? css, string digits, string? calling = null) =>
        new DigitAnalysis(Build()).Analyze(Build().CallerWithCss(css), digits, calling);

    // Tests about matching rarely care where a route goes: give them a default route list and trunk.
    private void EnsureDefaultRouteList(string? name)
    {
        if (name != "RL" || Options.RouteLists.ContainsKey("RL")) return;
        if (!Options.RouteGroups.ContainsKey("RG")) RouteGroup("RG", "TopDown", "GW");
        RouteList("RL", "RG");
    }
}
