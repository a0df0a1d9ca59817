namespace SipGateway.Routing.Tests;

public class ClosestMatchTests
{
    // 1XXX (1000 strings), 10XX (100), 1! (1000 at four digits), 1000 (1): the fewest strings wins.
    // 1XXX and 1! tie exactly at four digits, so 1100 goes to the partition earlier in the CSS.
    [Theory]
    [InlineData("1000", "1000")]
    [InlineData("1001", "10XX")]
    [InlineData("1100", "1XXX")]
    [InlineData("10", "1!")]
    [InlineData("10000", "1!")]
    public void Fewest_matching_strings_wins(string dialed, string expectedPattern)
    {
        var scenario = new DialPlanScenario()
            .Partitions("PT_A", "PT_B")
            .Css("CSS", "PT_A", "PT_B")
            .Route("1!", "PT_B")
            .Route("1XXX", "PT_A")
            .Route("10XX", "PT_A")
            .Route("1000", "PT_B");

        var decision = scenario.Analyze("CSS", dialed);

        Assert.Equal(RoutingResult.Route, decision.Result);
        Assert.Equal(expectedPattern, decision.Match!.Pattern.Text);
    }

    [Fact]
    public void Variable_length_pattern_counts_only_strings_of_the_dialed_length()
    {
        // For 1515: 15! matches 100 four-digit strings, 1[3-5]XX matches 300.
        var decision = new DialPlanScenario()
            .Partitions("PT")
            .Css("CSS", "PT")
            .Route("1[3-5]XX", "PT")
            .Route("15!", "PT")
            .Analyze("CSS", "1515");

        Assert.Equal("15!", decision.Match!.Pattern.Text);
    }

    [Theory]
    [InlineData("CSS_AB", "PT_A")]
    [InlineData("CSS_BA", "PT_B")]
    public void Exact_tie_falls_back_to_CSS_order(string css, string expectedPartition)
    {
        var decision = new DialPlanScenario()
            .Partitions("PT_A", "PT_B")
            .Css("CSS_AB", "PT_A", "PT_B")
            .Css("CSS_BA", "PT_B", "PT_A")
            .Route("1XXX", "PT_A")
            .Route("1XXX", "PT_B")
            .Analyze(css, "1234");

        Assert.Equal(expectedPartition, decision.Match!.Partition.Name);
    }

    [Fact]
    public void Closer_match_beats_CSS_order()
    {
        // PT_A comes first in the CSS, but PT_B's pattern matches fewer strings.
        var decision = new DialPlanScenario()
            .Partitions("PT_A", "PT_B")
            .Css("CSS", "PT_A", "PT_B")
            .Route("1XXX", "PT_A")
            .Route("12XX", "PT_B")
            .Analyze("CSS", "1234");

        Assert.Equal("PT_B", decision.Match!.Partition.Name);
    }

    [Fact]
    public void Equal_counts_of_different_shapes_tie_on_CSS_order()
    {
        // 1XX0 and 10XX both match 100 four-digit strings.
        var decision = new DialPlanScenario()
            .Partitions("PT_A", "PT_B")
            .Css("CSS", "PT_B", "PT_A")
            .Route("10XX", "PT_A")
            .Route("1XX0", "PT_B")
            .Analyze("CSS", "1000");

        Assert.Equal("1XX0", decision.Match!.Pattern.Text);
    }

    [Fact]
    public void Partitions_outside_the_CSS_are_invisible()
    {
        var scenario = new DialPlanScenario()
            .Partitions("PT_Internal", "PT_Secret")
            .Css("CSS_Internal", "PT_Internal")
            .Css("CSS_All", "PT_Internal", "PT_Secret")
            .Route("1XXX", "PT_Internal")
            .Route("1000", "PT_Secret", configure: o => o.Block = true);

        Assert.Equal(RoutingResult.Route, scenario.Analyze("CSS_Internal", "1000").Result);
        Assert.Equal(RoutingResult.Block, scenario.Analyze("CSS_All", "1000").Result);
    }

    [Fact]
    public void No_reachable_match_is_unallocated()
    {
        var decision = new DialPlanScenario()
            .Partitions("PT")
            .Css("CSS", "PT")
            .Route("1XXX", "PT")
            .Analyze("CSS", "2000");

        Assert.Equal(RoutingResult.Unallocated, decision.Result);
        Assert.Null(decision.Match);
    }

    [Fact]
    public void None_partition_is_reachable_from_every_CSS_after_named_partitions()
    {
        var scenario = new DialPlanScenario()
            .Partitions("PT")
            .Css("CSS", "PT")
            .Route("911", null)
            .Route("1XXX", null)
            .Route("1XXX", "PT", configure: o => o.Block = true);

        Assert.Equal(RoutingResult.Route, scenario.Analyze(null, "911").Result);
        Assert.Equal(RoutingResult.Route, scenario.Analyze("CSS", "911").Result);
        // Exact tie: the named partition in the CSS beats <None>.
        Assert.Equal(RoutingResult.Block, scenario.Analyze("CSS", "1234").Result);
    }

    [Fact]
    public void Directory_number_and_route_pattern_compete_on_closeness()
    {
        var scenario = new DialPlanScenario()
            .Partitions("PT")
            .Css("CSS", "PT")
            .Route("1XXX", "PT")
            .Phone("SEP1", "1000", "PT", "CSS");

        var toDn = scenario.Analyze("CSS", "1000");
        Assert.Equal(RoutingResult.DirectoryNumber, toDn.Result);
        Assert.Equal(["SEP1"], toDn.DirectoryNumber!.Devices);
        Assert.Equal(RoutingResult.Route, scenario.Analyze("CSS", "1001").Result);
    }

    [Fact]
    public void Shared_line_is_one_directory_number_on_several_devices()
    {
        var plan = new DialPlanScenario()
            .Partitions("PT")
            .Css("CSS", "PT")
            .Phone("SEP1", "1000", "PT", "CSS")
            .Phone("SEP2", "1000", "PT", "CSS")
            .Build();

        var decision = new DigitAnalysis(plan).Analyze(plan.CallerWithCss("CSS"), "1000");

        Assert.Equal(["SEP1", "SEP2"], decision.DirectoryNumber!.Devices);
        Assert.Single(plan.DirectoryNumbers);
    }

    [Theory]
    [InlineData("10A0", "'A' at position 3")]
    [InlineData("123456789012345678901234567890123", "longer than 32")]
    public void Undialable_input_is_an_error_decision(string digits, string message)
    {
        var decision = new DialPlanScenario().Partitions("PT").Css("CSS", "PT").Route("1XXX", "PT").Analyze("CSS", digits);

        Assert.Equal(RoutingResult.Error, decision.Result);
        Assert.Contains(message, decision.Error);
    }
}
