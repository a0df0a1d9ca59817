namespace SipGateway.Routing.Tests;

public class DialPlanConfigErrorTests
{
    private static DialPlanConfigException BuildFails(DialPlanScenario scenario) =>
        Assert.Throws<DialPlanConfigException>(() => scenario.Build());

    private static DialPlanScenario Base() => new DialPlanScenario().Partitions("PT").Css("CSS", "PT");

    [Fact]
    public void Invalid_pattern_names_key_path_value_and_position()
    {
        var error = BuildFails(Base().Route("1XXX", "PT").Route("9.1[2-9", "PT"));

        Assert.Equal("DialPlan:RoutePatterns:1:Pattern", error.KeyPath);
        Assert.Equal("9.1[2-9", error.Value);
        Assert.Equal(4, error.Position);
        Assert.StartsWith("DialPlan:RoutePatterns:1:Pattern = '9.1[2-9': invalid pattern at position 4: '[' is never closed", error.Message);
    }

    [Fact]
    public void At_sign_is_rejected_until_the_numbering_plan_exists()
    {
        var error = BuildFails(Base().Route("9.@", "PT"));

        Assert.Equal("DialPlan:RoutePatterns:0:Pattern", error.KeyPath);
        Assert.Equal(3, error.Position);
        Assert.Contains("'@' (the North American Numbering Plan) is not supported yet", error.Message);
    }

    [Fact]
    public void Invalid_translation_pattern_names_its_own_path()
    {
        var error = BuildFails(Base().Translation("0+", "PT", null).Translation("?", "PT", null));

        Assert.Equal("DialPlan:TranslationPatterns:1:Pattern", error.KeyPath);
        Assert.Equal(1, error.Position);
    }

    [Fact]
    public void Identical_patterns_in_one_partition_are_an_error()
    {
        var error = BuildFails(Base().Route("1XXX", "PT").Route("1[0-9]XX", "PT"));

        Assert.Equal("DialPlan:RoutePatterns:1:Pattern", error.KeyPath);
        Assert.Contains("duplicates '1XXX' at DialPlan:RoutePatterns:0", error.Message);
    }

    [Fact]
    public void Identical_patterns_in_different_partitions_are_fine()
    {
        var plan = Base().Partitions("PT2").Route("1XXX", "PT").Route("1XXX", "PT2").Build();

        Assert.Equal(2, plan.RoutePatterns.Count);
    }

    [Fact]
    public void Route_pattern_identical_to_a_directory_number_is_an_error()
    {
        var error = BuildFails(Base().Route("1000", "PT").Phone("SEP1", "1000", "PT", "CSS"));

        Assert.Equal("Devices:SEP1:Lines:0:Dn", error.KeyPath);
        Assert.Equal("1000", error.Value);
    }

    [Theory]
    [InlineData("PT_Missing", "DialPlan:RoutePatterns:0:Partition")]
    public void Unknown_partition_on_a_pattern(string partition, string path)
    {
        var error = BuildFails(Base().Route("1XXX", partition));

        Assert.Equal(path, error.KeyPath);
        Assert.Equal(partition, error.Value);
        Assert.Contains("no partition has this name", error.Message);
    }

    [Fact]
    public void Unknown_partition_in_a_CSS()
    {
        var error = BuildFails(Base().Css("CSS_Bad", "PT", "PT_Missing"));

        Assert.Equal("DialPlan:CallingSearchSpaces:CSS_Bad:1", error.KeyPath);
        Assert.Equal("PT_Missing", error.Value);
    }

    [Fact]
    public void Unknown_CSS_on_a_translation_pattern()
    {
        var error = BuildFails(Base().Translation("0", "PT", "CSS_Missing"));

        Assert.Equal("DialPlan:TranslationPatterns:0:Css", error.KeyPath);
        Assert.Equal("CSS_Missing", error.Value);
    }

    [Fact]
    public void Unknown_route_list_on_a_route_pattern()
    {
        var error = BuildFails(Base().Route("1XXX", "PT").Route("2XXX", "PT", "RL_Missing"));

        Assert.Equal("DialPlan:RoutePatterns:1:RouteList", error.KeyPath);
        Assert.Equal("RL_Missing", error.Value);
    }

    [Fact]
    public void Route_pattern_without_route_list_must_block()
    {
        var scenario = Base();
        scenario.Options.RoutePatterns.Add(new RoutePatternOptions { Pattern = "1XXX", Partition = "PT" });

        var error = BuildFails(scenario);

        Assert.Equal("DialPlan:RoutePatterns:0:RouteList", error.KeyPath);
    }

    [Fact]
    public void Unknown_route_group_in_a_route_list()
    {
        var error = BuildFails(Base().RouteGroup("RG_A", "TopDown", "GW").RouteList("RL_X", "RG_A", "RG_Missing"));

        Assert.Equal("DialPlan:RouteLists:RL_X:1", error.KeyPath);
        Assert.Equal("RG_Missing", error.Value);
    }

    [Fact]
    public void Unknown_route_group_in_a_route_list_entry_with_overrides()
    {
        var error = BuildFails(Base().RouteList("RL_X", new RouteListEntryOptions { RouteGroup = "RG_Missing", CalledPartyPrefixDigits = "0" }));

        Assert.Equal("DialPlan:RouteLists:RL_X:0:RouteGroup", error.KeyPath);
    }

    [Fact]
    public void Unknown_local_route_group_on_a_device_pool()
    {
        var error = BuildFails(Base().DevicePool("DP", "RG_Missing"));

        Assert.Equal("DialPlan:DevicePools:DP:LocalRouteGroup", error.KeyPath);
    }

    [Fact]
    public void Unknown_distribution_and_unknown_member()
    {
        var distribution = BuildFails(Base().RouteGroup("RG", "RoundRobin", "GW"));
        Assert.Equal("DialPlan:RouteGroups:RG:Distribution", distribution.KeyPath);
        Assert.Equal("RoundRobin", distribution.Value);

        var scenario = Base();
        scenario.Options.RouteGroups["RG"] = new RouteGroupOptions { Members = ["GW_Missing"] };
        var member = BuildFails(scenario);
        Assert.Equal("DialPlan:RouteGroups:RG:Members:0", member.KeyPath);
        Assert.Equal("GW_Missing", member.Value);
    }

    [Theory]
    [InlineData("Trailing", "DialPlan:RoutePatterns:0:DiscardDigits", null)]
    [InlineData("PreDot", "DialPlan:RoutePatterns:0:DiscardDigits", null)]   // PreDot on a pattern with no '.'
    public void Bad_discard_digits(string instruction, string path, int? position)
    {
        var error = BuildFails(Base().Route("1XXX", "PT", configure: o => o.DiscardDigits = instruction));

        Assert.Equal(path, error.KeyPath);
        Assert.Equal(instruction, error.Value);
        Assert.Equal(position, error.Position);
    }

    [Fact]
    public void Bad_mask_names_the_position()
    {
        var error = BuildFails(Base().Route("1XXX", "PT", configure: o => o.CallingPartyTransformMask = "408Z55XXXX"));

        Assert.Equal("DialPlan:RoutePatterns:0:CallingPartyTransformMask", error.KeyPath);
        Assert.Equal(4, error.Position);
        Assert.Contains("position 4", error.Message);
    }

    [Fact]
    public void Bad_prefix_names_the_position()
    {
        var error = BuildFails(Base().Route("1XXX", "PT", configure: o => o.CalledPartyPrefixDigits = "0X"));

        Assert.Equal("DialPlan:RoutePatterns:0:CalledPartyPrefixDigits", error.KeyPath);
        Assert.Equal(2, error.Position);
    }

    [Fact]
    public void Device_errors_name_the_device_path()
    {
        Assert.Equal("Devices:SEP1:DevicePool", BuildFails(Base().Phone("SEP1", "1000", "PT", "CSS", "DP_Missing")).KeyPath);
        Assert.Equal("Devices:SEP1:Css", BuildFails(Base().Phone("SEP1", "1000", "PT", "CSS_Missing")).KeyPath);
        Assert.Equal("Devices:SEP1:Lines:0:Partition", BuildFails(Base().Phone("SEP1", "1000", "PT_Missing", "CSS")).KeyPath);
        var dn = BuildFails(Base().Phone("SEP1", "10[0", "PT", "CSS"));
        Assert.Equal("Devices:SEP1:Lines:0:Dn", dn.KeyPath);
        Assert.Equal(3, dn.Position);
    }

    [Fact]
    public void Trunk_errors_name_the_trunk_path()
    {
        Assert.Equal("Trunks:GW:InboundCss", BuildFails(Base().Trunk("GW", null, "CSS_Missing")).KeyPath);
        Assert.Equal("Trunks:GW:DevicePool", BuildFails(Base().Trunk("GW", "DP_Missing")).KeyPath);
    }

    [Fact]
    public void Duplicate_partition()
    {
        var error = BuildFails(new DialPlanScenario().Partitions("PT", "PT"));

        Assert.Equal("DialPlan:Partitions:1", error.KeyPath);
    }
}
