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

    private static string RandomNumber(Random random)
    {
        const string symbols = "0123412341234*#+";
        var digits = new char[1 + random.Next(7)];
        for (int i = 0; i < digits.Length; i++) digits[i] = symbols[random.Next(symbols.Length)];
        return new string(digits);
    }
}
