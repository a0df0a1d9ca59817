namespace SipGateway.Routing.Tests;

public class PatternIndexTests
{
    private static readonly string[] Atoms = ["1", "2", "0", "X", "[2-4]", "[^1]", "*", "#", "\\+"];

    // Random patterns over every construct, random numbers: the index must find exactly what a scan finds.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Index_finds_exactly_what_a_linear_scan_finds(int seed)
    {
        var random = new Random(seed);
        var scenario = new DialPlanScenario().Partitions("PT").Css("CSS", "PT");
        // Different texts can match the same strings (X vs [0-9]): keep one per element sequence.
        var shapes = new HashSet<string>();
        while (shapes.Count < 400)
        {
            var text = RandomPattern(random);
            DigitPattern pattern;
            try { pattern = DigitPattern.Parse(text); } catch (PatternSyntaxException) { continue; }
            if (shapes.Add(string.Join(",", pattern.Elements))) scenario.Route(text, "PT");
        }
        var plan = scenario.Build();

        for (int i = 0; i < 3000; i++)
        {
            var digits = RandomNumber(random);
            var expected = plan.RoutePatterns.Where(p => p.Pattern.Matches(digits)).Select(p => p.Pattern.Text).Order().ToArray();
            var found = new List<DialPlanEntry>();
            plan.Index.FindMatches(digits, found);

            Assert.Equal(expected, found.Select(e => e.Pattern.Text).Order().ToArray());
        }
    }

    // Long, sparse patterns: most of the trie is chains of single-child nodes, merged into compact nodes
    // (longer than one node can hold, ending in repeats, with entries ending part-way along and branching off).
    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void Index_with_long_chains_finds_exactly_what_a_linear_scan_finds(int seed)
    {
        var random = new Random(seed);
        var scenario = new DialPlanScenario().Partitions("PT").Css("CSS", "PT");
        var shapes = new HashSet<string>();
        var texts = new List<string>();
        while (shapes.Count < 300)
        {
            var text = new System.Text.StringBuilder();
            // A few shared stems, so chains branch and entries end inside what would otherwise be a chain.
            text.Append(random.Next(3) switch { 0 => "12", 1 => "1234567890123", _ => "9." });
            int atoms = 1 + random.Next(18);
            for (int i = 0; i < atoms; i++)
            {
                text.Append(Atoms[random.Next(Atoms.Length)]);
                int modifier = random.Next(30);
                if (modifier == 0) text.Append('?');
                else if (modifier == 1) text.Append('+');
                else if (modifier == 2) text.Append('!');
            }
            DigitPattern pattern;
            try { pattern = DigitPattern.Parse(text.ToString()); } catch (PatternSyntaxException) { continue; }
            if (shapes.Add(string.Join(",", pattern.Elements)))
            {
                scenario.Route(pattern.Text, "PT");
                texts.Add(pattern.Text);
            }
        }
        var plan = scenario.Build();
        Assert.True(plan.Index.NodeCount * 2 < plan.Index.TrieNodeCount, "chains should merge most trie nodes");

        for (int i = 0; i < 3000; i++)
        {
            // Numbers near the patterns (so chains are walked to their ends), plus a few random ones.
            var digits = i % 10 == 0 ? RandomNumber(random) : NumberNear(texts[random.Next(texts.Count)], random);
            if (digits.Length is 0 or > DigitPattern.MaxDialedLength) continue;
            var expected = plan.RoutePatterns.Where(p => p.Pattern.Matches(digits)).Select(p => p.Pattern.Text).Order().ToArray();
            var found = new List<DialPlanEntry>();
            plan.Index.FindMatches(digits, found);

            Assert.Equal(expected, found.Select(e => e.Pattern.Text).Order().ToArray());
        }
    }

    // More live positions in one step than the walk's scratch starts with (it grows mid-walk).
    [Fact]
    public void Wide_fan_out_finds_every_match()
    {
        string[] masks = ["1", "X", "[0-1]", "[1-2]", "[1-3]", "[1-4]", "[1-5]", "[1-6]", "[1-7]", "[1-8]", "[^0]", "[^2]"];
        var scenario = new DialPlanScenario().Partitions("PT").Css("CSS", "PT");
        foreach (var first in masks)
            foreach (var second in masks)
                scenario.Route(first + second + "X", "PT");
        var plan = scenario.Build();

        foreach (var digits in new[] { "111", "1111", "11111" })
        {
            var found = new List<DialPlanEntry>();
            plan.Index.FindMatches(digits, found);
            Assert.Equal(digits.Length == 3 ? masks.Length * masks.Length : 0, found.Count);
        }
    }

    [Fact]
    public void Concurrent_analyses_agree_with_sequential_ones()
    {
        var plan = new DialPlanScenario()
            .Partitions("PT").Css("CSS", "PT")
            .Route("1XXX", "PT").Route("10XX", "PT").Route("9.!", "PT").Route("2[2-4]+", "PT")
            .Build();
        var analysis = new DigitAnalysis(plan);
        var caller = plan.CallerWithCss("CSS");
        string[] numbers = ["1000", "1234", "9555", "2333", "777"];
        var expected = numbers.Select(n => analysis.Analyze(caller, n).Match?.Pattern.Text).ToArray();

        Parallel.For(0, 20_000, i =>
        {
            int k = i % numbers.Length;
            Assert.Equal(expected[k], analysis.Analyze(caller, numbers[k]).Match?.Pattern.Text);
        });
    }

    private static string RandomPattern(Random random)
    {
        var text = new System.Text.StringBuilder();
        int atoms = 1 + random.Next(5);
        for (int i = 0; i < atoms; i++)
        {
            text.Append(Atoms[random.Next(Atoms.Length)]);
            int modifier = random.Next(10);
            if (modifier == 0) text.Append('?');
            else if (modifier == 1) text.Append('+');
            else if (modifier == 2) text.Append('!');
            if (i == 0 && random.Next(4) == 0) text.Append('.');
        }
        return text.ToString();
    }

    // A number the pattern probably matches, sometimes cut short, lengthened or with one symbol changed.
    private static string NumberNear(string pattern, Random random)
    {
        const string symbols = "0123456789*#+";
        var digits = new System.Text.StringBuilder();
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '[') { int close = pattern.IndexOf(']', i); digits.Append(pattern[i + 1] == '^' ? '5' : pattern[i + 1]); i = close; }
            else if (c == '\\') { digits.Append('+'); i++; }
            else if (c == 'X') digits.Append((char)('0' + random.Next(10)));
            else if (c is '!' or '+') { for (int k = random.Next(3); k > 0; k--) digits.Append(digits.Length > 0 ? digits[^1] : '1'); }
            else if (c is '?' or '.') continue;
            else digits.Append(c);
        }
        switch (random.Next(6))
        {
            case 0 when digits.Length > 1: digits.Length -= 1 + random.Next(digits.Length - 1); break;
            case 1: digits.Append(symbols[random.Next(symbols.Length)]); break;
            case 2 when digits.Length > 0: digits[random.Next(digits.Length)] = symbols[random.Next(symbols.Length)]; break;
        }
        return digits.ToString();
    }

    private static string RandomNumber(Random random)
    {
        const string symbols = "0123412341234*#+";
        var digits = new char[1 + random.Next(7)];
        for (int i = 0; i < digits.Length; i++) digits[i] = symbols[random.Next(symbols.Length)];
        return new string(digits);
    }
}
