using SipGateway.Routing;

namespace SipGateway.Routing.Bench;

/// <summary>
/// A synthetic enterprise dial plan of a given size: DNs on phones, route patterns of several shapes
/// (fixed digits with X tails, ranges, exclusions, '!', blocks) and translations, spread over partitions,
/// plus dialed numbers drawn mostly from those patterns so analysis exercises real matches.
/// </summary>
public sealed class GeneratedDialPlan
{
    public const string Css = "CSS_All";
    private const int PartitionCount = 20;
    private const int RouteGroupCount = 10;

    public required DialPlanOptions Options { get; init; }
    public required List<DeviceDefinition> Devices { get; init; }
    public required List<TrunkDefinition> Trunks { get; init; }
    public required string[] DialedNumbers { get; init; }

    public int PatternCount => Options.RoutePatterns.Count + Options.TranslationPatterns.Count + Devices.Sum(d => d.Lines.Count);

    public static GeneratedDialPlan Create(int patternCount, int seed = 42, int dialedNumberCount = 4096)
    {
        var random = new Random(seed);
        var options = new DialPlanOptions();
        for (int p = 0; p < PartitionCount; p++) options.Partitions.Add($"PT_{p}");
        options.CallingSearchSpaces[Css] = options.Partitions.ToList();

        var trunks = new List<TrunkDefinition>();
        for (int g = 0; g < RouteGroupCount; g++)
        {
            var members = new List<string> { $"GW_{g}_A", $"GW_{g}_B" };
            trunks.AddRange(members.Select(m => new TrunkDefinition { Name = m }));
            options.RouteGroups[$"RG_{g}"] = new RouteGroupOptions { Distribution = g % 2 == 0 ? "TopDown" : "Circular", Members = members };
            options.DevicePools[$"DP_{g}"] = new DevicePoolOptions { LocalRouteGroup = $"RG_{g}" };
            options.RouteLists[$"RL_{g}"] = [RouteListEntryOptions.StandardLocalRouteGroup, $"RG_{(g + 1) % RouteGroupCount}"];
        }

        var devices = new List<DeviceDefinition>();
        var seen = new HashSet<(string Partition, string Pattern)>();
        var patterns = new List<string>();
        DeviceDefinition? phone = null;
        while (patterns.Count < patternCount)
        {
            var partition = $"PT_{random.Next(PartitionCount)}";
            int kind = random.Next(100);
            var text = kind switch
            {
                < 15 => Digits(random, 4 + random.Next(4)),                                    // DN
                < 70 => Digits(random, 3 + random.Next(6)) + new string('X', 1 + random.Next(4)),
                < 80 => Digits(random, 2 + random.Next(4)) + "[2-9]" + new string('X', 1 + random.Next(3)),
                < 85 => Digits(random, 2 + random.Next(4)) + "[^0]XX",
                < 90 => "9." + Digits(random, 2 + random.Next(4)) + "!",
                < 95 => "9." + Digits(random, 3 + random.Next(5)) + "XXXX",
                _ => "*" + Digits(random, 2 + random.Next(3)) + ".XXXX",                       // translation
            };
            if (!seen.Add((partition, text))) continue;
            patterns.Add(text);
            int group = random.Next(RouteGroupCount);
            if (kind < 15)
            {
                if (phone is null || phone.Lines.Count == 8)
                {
                    phone = new DeviceDefinition { Name = $"SEP{devices.Count:D12}", DevicePool = $"DP_{group}", Css = Css };
                    devices.Add(phone);
                }
                phone.Lines.Add(new DeviceLineDefinition { Dn = text, Partition = partition });
            }
            else if (kind < 95)
            {
                options.RoutePatterns.Add(new RoutePatternOptions
                {
                    Pattern = text,
                    Partition = partition,
                    RouteList = $"RL_{group}",
                    Block = random.Next(20) == 0,
                    DiscardDigits = text.Contains('.') ? "PreDot" : null,
                    CallingPartyTransformMask = random.Next(4) == 0 ? "408555XXXX" : null,
                });
            }
            else
            {
                options.TranslationPatterns.Add(new TranslationPatternOptions
                {
                    Pattern = text, Partition = partition, Css = Css, DiscardDigits = "PreDot", CalledPartyPrefixDigits = "1",
                });
            }
        }

        var dialed = new string[dialedNumberCount];
        for (int i = 0; i < dialed.Length; i++)
        {
            dialed[i] = random.Next(10) == 0
                ? Digits(random, 4 + random.Next(9))  // mostly unallocated
                : Instantiate(patterns[random.Next(patterns.Count)], random);
        }
        return new GeneratedDialPlan { Options = options, Devices = devices, Trunks = trunks, DialedNumbers = dialed };
    }

    public DialPlan Build() => DialPlan.Build(Options, Devices, Trunks);

    private static string Digits(Random random, int length)
    {
        Span<char> digits = stackalloc char[length];
        // No leading 9 or *: those prefixes belong to the access-code shapes above.
        digits[0] = (char)('1' + random.Next(8));
        for (int i = 1; i < length; i++) digits[i] = (char)('0' + random.Next(10));
        return new string(digits);
    }

    /// <summary>A number the generated pattern matches (the generator only emits X, [2-9], [^0], '!' and '.').</summary>
    private static string Instantiate(string pattern, Random random)
    {
        var result = new System.Text.StringBuilder();
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == 'X') result.Append((char)('0' + random.Next(10)));
            else if (c == '!') result.Append(Digits(random, 1 + random.Next(7)));
            else if (c == '.') continue;
            else if (pattern.AsSpan(i).StartsWith("[2-9]")) { result.Append((char)('2' + random.Next(8))); i += 4; }
            else if (pattern.AsSpan(i).StartsWith("[^0]")) { result.Append((char)('1' + random.Next(9))); i += 3; }
            else result.Append(c);
        }
        return result.ToString();
    }
}
