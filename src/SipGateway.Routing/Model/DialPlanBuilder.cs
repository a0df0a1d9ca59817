namespace SipGateway.Routing;

/// <summary>Validates the configuration and assembles the plan; every error names its key path and value.</summary>
internal sealed class DialPlanBuilder
{
    private const string Root = "DialPlan";
    private static readonly StringComparer Names = StringComparer.OrdinalIgnoreCase;

    private readonly DialPlanOptions _options;
    private readonly IEnumerable<DeviceDefinition> _devices;
    private readonly IEnumerable<TrunkDefinition> _trunks;

    private readonly Partition _none = new(null, DialPlan.NonePartitionId);
    private readonly Dictionary<string, Partition> _partitions = new(Names);
    private readonly Dictionary<string, CallingSearchSpace> _css = new(Names);
    private readonly Dictionary<string, RouteGroup> _routeGroups = new(Names);
    private readonly Dictionary<string, RouteList> _routeLists = new(Names);
    private readonly Dictionary<string, DevicePool> _devicePools = new(Names);
    private readonly Dictionary<string, Trunk> _trunkMap = new(Names);
    private readonly Dictionary<string, Device> _deviceMap = new(Names);
    private readonly Dictionary<(int Partition, string Dn), DirectoryNumber> _dnByKey = new();
    private readonly List<DirectoryNumber> _directoryNumbers = new();
    private readonly List<RoutePattern> _routePatterns = new();
    private readonly List<TranslationPattern> _translationPatterns = new();
    private readonly PatternTrie _index = new();
    private readonly Dictionary<(CallingSearchSpace?, CallingSearchSpace?), CallingSearchSpace> _combined = new();
    private readonly Dictionary<TransformationKey, PartyTransformation> _transformations = new();
    private int _order;

    public DialPlanBuilder(DialPlanOptions options, IEnumerable<DeviceDefinition> devices, IEnumerable<TrunkDefinition> trunks)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _devices = devices;
        _trunks = trunks;
    }

    private int PartitionCount => _partitions.Count + 1;

    public DialPlanParts Build()
    {
        BuildPartitions();
        BuildCallingSearchSpaces();
        var trunkNames = CollectTrunkNames();
        BuildRouteGroups(trunkNames);
        BuildDevicePools();
        BuildRouteLists();
        BuildTrunks();
        BuildTranslationPatterns();
        BuildRoutePatterns();
        BuildDevices();
        return new DialPlanParts
        {
            NonePartition = _none,
            Partitions = _partitions,
            CallingSearchSpaces = _css,
            RouteGroups = _routeGroups,
            RouteLists = _routeLists,
            DevicePools = _devicePools,
            Trunks = _trunkMap,
            Devices = _deviceMap,
            DirectoryNumbers = _directoryNumbers,
            RoutePatterns = _routePatterns,
            TranslationPatterns = _translationPatterns,
            FailoverRules = new FailoverRules(_options.StopRoutingOnUserBusy, _options.StopRoutingOnUnallocatedNumber),
            Index = _index.Freeze(),
        };
    }

    private void BuildPartitions()
    {
        var names = _options.Partitions ?? [];
        for (int i = 0; i < names.Count; i++)
        {
            var path = $"{Root}:Partitions:{i}";
            var name = names[i];
            if (string.IsNullOrWhiteSpace(name))
                throw new DialPlanConfigException(path, name, "a partition needs a name");
            if (_partitions.ContainsKey(name))
                throw new DialPlanConfigException(path, name, "this partition is listed twice");
            _partitions[name] = new Partition(name, _partitions.Count + 1);
        }
    }

    private void BuildCallingSearchSpaces()
    {
        foreach (var (name, partitionNames) in _options.CallingSearchSpaces ?? [])
        {
            var partitions = new List<Partition>();
            for (int i = 0; i < (partitionNames?.Count ?? 0); i++)
                partitions.Add(RequirePartition($"{Root}:CallingSearchSpaces:{name}", i.ToString(), partitionNames![i], allowNone: false));
            _css[name] = new CallingSearchSpace(name, partitions, PartitionCount);
        }
    }

    private HashSet<string> CollectTrunkNames()
    {
        var names = new HashSet<string>(Names);
        foreach (var trunk in _trunks)
        {
            if (string.IsNullOrWhiteSpace(trunk.Name))
                throw new DialPlanConfigException("Trunks", trunk.Name, "a trunk needs a name");
            if (!names.Add(trunk.Name))
                throw new DialPlanConfigException($"Trunks:{trunk.Name}", trunk.Name, "this trunk is defined twice");
        }
        return names;
    }

    private void BuildRouteGroups(HashSet<string> trunkNames)
    {
        foreach (var (name, group) in _options.RouteGroups ?? [])
        {
            var path = $"{Root}:RouteGroups:{name}";
            if (Names.Equals(name, RouteListEntryOptions.StandardLocalRouteGroup))
                throw new DialPlanConfigException(path, name, "this name is reserved for the device pool's local route group");
            var distribution = (group?.Distribution ?? "").Trim() switch
            {
                "" => RouteGroupDistribution.TopDown,
                var d when Names.Equals(d, "TopDown") || Names.Equals(d, "Top Down") => RouteGroupDistribution.TopDown,
                var d when Names.Equals(d, "Circular") => RouteGroupDistribution.Circular,
                _ => throw new DialPlanConfigException($"{path}:Distribution", group!.Distribution, "use TopDown or Circular"),
            };
            var members = group?.Members ?? [];
            if (members.Count == 0)
                throw new DialPlanConfigException($"{path}:Members", null, "a route group needs at least one member trunk");
            for (int i = 0; i < members.Count; i++)
            {
                if (!trunkNames.Contains(members[i] ?? ""))
                    throw new DialPlanConfigException($"{path}:Members:{i}", members[i], "no trunk has this name; add it under Trunks or fix the name");
            }
            _routeGroups[name] = new RouteGroup(name, distribution, members.ToArray()) { Id = _routeGroups.Count };
        }
    }

    private void BuildDevicePools()
    {
        foreach (var (name, pool) in _options.DevicePools ?? [])
        {
            var lrg = pool?.LocalRouteGroup;
            RouteGroup? routeGroup = null;
            if (!string.IsNullOrEmpty(lrg) && !_routeGroups.TryGetValue(lrg, out routeGroup))
                throw new DialPlanConfigException($"{Root}:DevicePools:{name}:LocalRouteGroup", lrg, "no route group has this name");
            _devicePools[name] = new DevicePool(name, routeGroup);
        }
    }

    private void BuildRouteLists()
    {
        foreach (var (name, entries) in _options.RouteLists ?? [])
        {
            var path = $"{Root}:RouteLists:{name}";
            if (entries is null || entries.Count == 0)
                throw new DialPlanConfigException(path, null, "a route list needs at least one route group");
            var built = new List<RouteListEntry>();
            for (int i = 0; i < entries.Count; i++)
                built.Add(BuildRouteListEntry($"{path}:{i}", entries[i]));
            _routeLists[name] = new RouteList(name, built) { HasOverrides = built.Exists(e => e.HasOverrides) };
        }
    }

    private RouteListEntry BuildRouteListEntry(string path, RouteListEntryOptions entry)
    {
        var groupPath = entry.HasOverrides ? $"{path}:RouteGroup" : path;
        RouteGroup? group = null;
        if (!Names.Equals(entry.RouteGroup, RouteListEntryOptions.StandardLocalRouteGroup)
            && !_routeGroups.TryGetValue(entry.RouteGroup ?? "", out group))
            throw new DialPlanConfigException(groupPath, entry.RouteGroup,
                $"no route group has this name (define it under {Root}:RouteGroups, or use '{RouteListEntryOptions.StandardLocalRouteGroup}')");
        return new RouteListEntry(group)
        {
            DiscardDigits = entry.DiscardDigits is null ? null : ParseDiscardDigits(path, entry.DiscardDigits, null),
            CalledPartyTransformMask = Mask(path, nameof(entry.CalledPartyTransformMask), entry.CalledPartyTransformMask),
            CalledPartyPrefixDigits = Prefix(path, nameof(entry.CalledPartyPrefixDigits), entry.CalledPartyPrefixDigits),
            CallingPartyTransformMask = Mask(path, nameof(entry.CallingPartyTransformMask), entry.CallingPartyTransformMask),
            CallingPartyPrefixDigits = Prefix(path, nameof(entry.CallingPartyPrefixDigits), entry.CallingPartyPrefixDigits),
            UseCallingPartyExternalPhoneNumberMask = entry.UseCallingPartyExternalPhoneNumberMask,
        };
    }

    private void BuildTrunks()
    {
        foreach (var trunk in _trunks)
        {
            var path = $"Trunks:{trunk.Name}";
            _trunkMap[trunk.Name] = new Trunk(trunk.Name,
                OptionalDevicePool(path, "DevicePool", trunk.DevicePool),
                OptionalCss(path, "InboundCss", trunk.InboundCss));
        }
    }

    private void BuildTranslationPatterns()
    {
        var patterns = _options.TranslationPatterns ?? [];
        for (int i = 0; i < patterns.Count; i++)
        {
            var path = $"{Root}:TranslationPatterns:{i}";
            var options = patterns[i];
            var (pattern, partition) = ParseEntryPattern(path, options);
            var entry = new TranslationPattern(pattern, partition, path, _order++, Transformation(path, options, pattern),
                OptionalCss(path, "Css", options.Css), options.Block, options.BlockReason, options.UrgentPriority);
            Index(path, entry);
            _translationPatterns.Add(entry);
        }
    }

    private void BuildRoutePatterns()
    {
        var patterns = _options.RoutePatterns ?? [];
        for (int i = 0; i < patterns.Count; i++)
        {
            var path = $"{Root}:RoutePatterns:{i}";
            var options = patterns[i];
            var (pattern, partition) = ParseEntryPattern(path, options);
            RouteList? routeList = null;
            if (!string.IsNullOrEmpty(options.RouteList))
            {
                if (!_routeLists.TryGetValue(options.RouteList, out routeList))
                    throw new DialPlanConfigException($"{path}:RouteList", options.RouteList, $"no route list has this name; define it under {Root}:RouteLists");
            }
            else if (!options.Block)
            {
                throw new DialPlanConfigException($"{path}:RouteList", null, "a route pattern needs a RouteList unless Block is true");
            }
            var entry = new RoutePattern(pattern, partition, path, _order++, Transformation(path, options, pattern),
                routeList, options.Block, options.BlockReason, options.UrgentPriority);
            Index(path, entry);
            _routePatterns.Add(entry);
        }
    }

    private void BuildDevices()
    {
        foreach (var definition in _devices)
        {
            var path = $"Devices:{definition.Name}";
            if (string.IsNullOrWhiteSpace(definition.Name))
                throw new DialPlanConfigException("Devices", definition.Name, "a device needs a name");
            if (_deviceMap.ContainsKey(definition.Name))
                throw new DialPlanConfigException(path, definition.Name, "this device is defined twice");
            var pool = OptionalDevicePool(path, "DevicePool", definition.DevicePool);
            var deviceCss = OptionalCss(path, "Css", definition.Css);
            var lines = new List<DeviceLine>();
            var lineDefinitions = definition.Lines ?? [];
            for (int i = 0; i < lineDefinitions.Count; i++)
            {
                var linePath = $"{path}:Lines:{i}";
                var line = lineDefinitions[i];
                var dn = DirectoryNumberFor(linePath, line);
                dn.AddDevice(definition.Name);
                var lineCss = OptionalCss(linePath, "Css", line.Css);
                lines.Add(new DeviceLine(dn, lineCss, Combined(lineCss, deviceCss),
                    Mask(linePath, "ExternalPhoneNumberMask", line.ExternalPhoneNumberMask)));
            }
            _deviceMap[definition.Name] = new Device(definition.Name, pool, deviceCss, lines);
        }
    }

    // A DN and partition seen again is a shared line: one directory number, several devices.
    private DirectoryNumber DirectoryNumberFor(string path, DeviceLineDefinition line)
    {
        var partition = RequirePartition(path, "Partition", line.Partition, allowNone: true);
        if (_dnByKey.TryGetValue((partition.Id, line.Dn ?? ""), out var shared)) return shared;
        var pattern = ParsePattern(path, "Dn", line.Dn);
        if (pattern.DotIndex >= 0)
            throw new DialPlanConfigException($"{path}:Dn", line.Dn, "a directory number cannot hold '.'", line.Dn!.IndexOf('.') + 1);
        var dn = new DirectoryNumber(pattern, partition, $"{path}:Dn", _order++);
        Index($"{path}:Dn", dn);
        _dnByKey[(partition.Id, line.Dn!)] = dn;
        _directoryNumbers.Add(dn);
        return dn;
    }

    private (DigitPattern Pattern, Partition Partition) ParseEntryPattern(string path, DigitPatternOptions options) =>
        (ParsePattern(path, "Pattern", options.Pattern),
         RequirePartition(path, "Partition", options.Partition, allowNone: true));

    // Two entries matching exactly the same strings in one partition would make analysis ambiguous (UCM rejects them).
    private void Index(string path, DialPlanEntry entry)
    {
        if (_index.Add(entry) is { } existing)
        {
            var key = entry is DirectoryNumber ? path : $"{path}:Pattern";
            throw new DialPlanConfigException(key, entry.Pattern.Text,
                $"duplicates '{existing.Pattern.Text}' at {existing.KeyPath} in partition {entry.Partition}; remove one or move it to another partition");
        }
    }

    private static DigitPattern ParsePattern(string basePath, string key, string? text)
    {
        try
        {
            var pattern = DigitPattern.Parse(text ?? "");
            if (pattern.IsFixedLength && pattern.Elements.Length > DigitPattern.MaxDialedLength)
                throw new DialPlanConfigException($"{basePath}:{key}", text, $"the pattern is longer than {DigitPattern.MaxDialedLength} digits, so no dialed number can match it");
            return pattern;
        }
        catch (PatternSyntaxException e)
        {
            throw new DialPlanConfigException($"{basePath}:{key}", text, $"invalid pattern at position {e.Position}: {e.Reason}", e.Position);
        }
    }

    private PartyTransformation Transformation(string path, DigitPatternOptions options, DigitPattern pattern)
    {
        if (string.IsNullOrEmpty(options.DiscardDigits) && string.IsNullOrEmpty(options.CalledPartyTransformMask)
            && string.IsNullOrEmpty(options.CalledPartyPrefixDigits) && string.IsNullOrEmpty(options.CallingPartyTransformMask)
            && string.IsNullOrEmpty(options.CallingPartyPrefixDigits) && !options.UseCallingPartyExternalPhoneNumberMask)
            return PartyTransformation.None;
        var key = new TransformationKey(
            ParseDiscardDigits(path, options.DiscardDigits, pattern),
            Mask(path, nameof(options.CalledPartyTransformMask), options.CalledPartyTransformMask),
            Prefix(path, nameof(options.CalledPartyPrefixDigits), options.CalledPartyPrefixDigits),
            Mask(path, nameof(options.CallingPartyTransformMask), options.CallingPartyTransformMask),
            Prefix(path, nameof(options.CallingPartyPrefixDigits), options.CallingPartyPrefixDigits),
            options.UseCallingPartyExternalPhoneNumberMask);
        // Plans repeat a handful of transformations over thousands of patterns: one shared (immutable) object
        // each keeps what analysis reads after the match in cache, instead of a cold object per pattern.
        if (!_transformations.TryGetValue(key, out var transformation))
        {
            _transformations[key] = transformation = new PartyTransformation(key.DiscardDigits, key.CalledMask, key.CalledPrefix,
                key.CallingMask, key.CallingPrefix, key.UseExternalPhoneNumberMask);
        }
        return transformation;
    }

    private readonly record struct TransformationKey(DiscardDigitsInstruction DiscardDigits, string? CalledMask,
        string? CalledPrefix, string? CallingMask, string? CallingPrefix, bool UseExternalPhoneNumberMask);

    private static DiscardDigitsInstruction ParseDiscardDigits(string basePath, string? value, DigitPattern? pattern)
    {
        if (string.IsNullOrEmpty(value)) return DiscardDigitsInstruction.NoDigits;
        var path = $"{basePath}:DiscardDigits";
        var normalized = string.Join(' ', (value ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries));
        DiscardDigitsInstruction instruction = normalized switch
        {
            "" => DiscardDigitsInstruction.NoDigits,
            _ when Names.Equals(normalized, "NoDigits") || Names.Equals(normalized, "<None>") => DiscardDigitsInstruction.NoDigits,
            _ when Names.Equals(normalized, "PreDot") => DiscardDigitsInstruction.PreDot,
            _ when Names.Equals(normalized, "PreDot Trailing-#") => DiscardDigitsInstruction.PreDotTrailingPound,
            _ when Names.Equals(normalized, "Trailing-#") => DiscardDigitsInstruction.TrailingPound,
            _ => throw new DialPlanConfigException(path, value, "supported discard digits are NoDigits, PreDot, 'PreDot Trailing-#' and Trailing-#"),
        };
        if (pattern is not null && pattern.DotIndex < 0
            && instruction is DiscardDigitsInstruction.PreDot or DiscardDigitsInstruction.PreDotTrailingPound)
            throw new DialPlanConfigException(path, value, $"PreDot needs a '.' in the pattern '{pattern.Text}', e.g. 9.XXXX");
        return instruction;
    }

    private static string? Mask(string basePath, string key, string? mask)
    {
        if (string.IsNullOrEmpty(mask)) return null;
        try
        {
            TransformMask.Validate(mask);
            return mask;
        }
        catch (PatternSyntaxException e)
        {
            throw new DialPlanConfigException($"{basePath}:{key}", mask, $"invalid mask at position {e.Position}: {e.Reason}", e.Position);
        }
    }

    private static string? Prefix(string basePath, string key, string? prefix)
    {
        if (string.IsNullOrEmpty(prefix)) return null;
        try
        {
            TransformMask.ValidatePrefix(prefix);
            return prefix;
        }
        catch (PatternSyntaxException e)
        {
            throw new DialPlanConfigException($"{basePath}:{key}", prefix, $"invalid prefix at position {e.Position}: {e.Reason}", e.Position);
        }
    }

    // Key paths are only formatted when something is wrong: a large plan builds without a string per key.
    private Partition RequirePartition(string basePath, string key, string? name, bool allowNone)
    {
        if (string.IsNullOrEmpty(name))
        {
            if (allowNone) return _none;
            throw new DialPlanConfigException($"{basePath}:{key}", name, "name a partition");
        }
        return _partitions.TryGetValue(name, out var partition)
            ? partition
            : throw new DialPlanConfigException($"{basePath}:{key}", name, $"no partition has this name; list it under {Root}:Partitions");
    }

    private CallingSearchSpace? OptionalCss(string basePath, string key, string? name)
    {
        if (string.IsNullOrEmpty(name)) return null;
        return _css.TryGetValue(name, out var css)
            ? css
            : throw new DialPlanConfigException($"{basePath}:{key}", name, $"no calling search space has this name; define it under {Root}:CallingSearchSpaces");
    }

    private DevicePool? OptionalDevicePool(string basePath, string key, string? name)
    {
        if (string.IsNullOrEmpty(name)) return null;
        return _devicePools.TryGetValue(name, out var pool)
            ? pool
            : throw new DialPlanConfigException($"{basePath}:{key}", name, $"no device pool has this name; define it under {Root}:DevicePools");
    }

    // Phones share a handful of line/device CSS pairs: build each combination once.
    private CallingSearchSpace Combined(CallingSearchSpace? line, CallingSearchSpace? device)
    {
        if (!_combined.TryGetValue((line, device), out var css))
            _combined[(line, device)] = css = CallingSearchSpace.Combine(line, device, PartitionCount);
        return css;
    }
}
