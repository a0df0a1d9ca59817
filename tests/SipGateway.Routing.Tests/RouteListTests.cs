namespace SipGateway.Routing.Tests;

public class RouteListTests
{
    private static DialPlanScenario PstnPlan() => new DialPlanScenario()
        .Partitions("PT_PSTN")
        .Css("CSS_PSTN", "PT_PSTN")
        .RouteGroup("RG_SJC", "TopDown", "GW_SJC_1", "GW_SJC_2")
        .RouteGroup("RG_NYC", "TopDown", "GW_NYC_1")
        .RouteGroup("RG_Central", "TopDown", "GW_CENTRAL")
        .DevicePool("DP_SJC", "RG_SJC")
        .DevicePool("DP_NYC", "RG_NYC")
        .DevicePool("DP_Lab", null)
        .RouteList("RL_PSTN", RouteListEntryOptions.StandardLocalRouteGroup, "RG_Central")
        .Route("9.!", "PT_PSTN", "RL_PSTN", o => o.DiscardDigits = "PreDot")
        .Phone("SEP_SJC", "1000", null, "CSS_PSTN", "DP_SJC")
        .Phone("SEP_NYC", "2000", null, "CSS_PSTN", "DP_NYC")
        .Phone("SEP_LAB", "3000", null, "CSS_PSTN", "DP_Lab")
        .Trunk("TRUNK_NYC_IN", "DP_NYC", "CSS_PSTN");

    [Theory]
    [InlineData("SEP_SJC", new[] { "RG_SJC", "RG_Central" }, new[] { "GW_SJC_1", "GW_SJC_2", "GW_CENTRAL" })]
    [InlineData("SEP_NYC", new[] { "RG_NYC", "RG_Central" }, new[] { "GW_NYC_1", "GW_CENTRAL" })]
    // A pool without a local route group skips the entry instead of failing the call.
    [InlineData("SEP_LAB", new[] { "RG_Central" }, new[] { "GW_CENTRAL" })]
    public void Standard_local_route_group_follows_the_callers_device_pool(string device, string[] groups, string[] members)
    {
        var plan = PstnPlan().Build();

        var decision = new DigitAnalysis(plan).Analyze(plan.CallerFromDevice(device), "914085551234");

        Assert.Equal(RoutingResult.Route, decision.Result);
        Assert.Equal("RL_PSTN", decision.RouteList!.Name);
        Assert.Equal(groups, decision.RouteGroups.Select(g => g.Name));
        Assert.Equal(members, decision.Members.Select(m => m.Trunk));
        Assert.All(decision.Members, m => Assert.Equal("14085551234", m.CalledNumber));
    }

    [Fact]
    public void Call_from_a_trunk_uses_the_trunks_device_pool()
    {
        var plan = PstnPlan().Build();

        var decision = new DigitAnalysis(plan).Analyze(plan.CallerFromTrunk("TRUNK_NYC_IN"), "914085551234");

        Assert.Equal(["GW_NYC_1", "GW_CENTRAL"], decision.Members.Select(m => m.Trunk));
    }

    [Fact]
    public void Caller_with_only_a_CSS_has_no_local_route_group()
    {
        var plan = PstnPlan().Build();

        var decision = new DigitAnalysis(plan).Analyze(plan.CallerWithCss("CSS_PSTN"), "914085551234");

        Assert.Equal(["GW_CENTRAL"], decision.Members.Select(m => m.Trunk));
    }

    [Fact]
    public void Route_list_of_only_an_unresolved_local_route_group_has_no_members()
    {
        var plan = new DialPlanScenario()
            .Partitions("PT").Css("CSS", "PT")
            .RouteGroup("RG", "TopDown", "GW")
            .RouteList("RL_LOCAL", RouteListEntryOptions.StandardLocalRouteGroup)
            .Route("9.!", "PT", "RL_LOCAL")
            .Build();

        var decision = new DigitAnalysis(plan).Analyze(plan.CallerWithCss("CSS"), "9123");

        Assert.Equal(RoutingResult.Route, decision.Result);
        Assert.Empty(decision.Members);
        Assert.Contains("no route group", decision.Error);
    }

    [Fact]
    public void Top_down_always_starts_with_the_first_member()
    {
        var plan = new DialPlanScenario()
            .Partitions("PT").Css("CSS", "PT")
            .RouteGroup("RG", "TopDown", "GW_1", "GW_2", "GW_3")
            .RouteList("RL", "RG")
            .Route("9!", "PT")
            .Build();
        var analysis = new DigitAnalysis(plan);

        for (int call = 0; call < 3; call++)
        {
            var members = analysis.Analyze(plan.CallerWithCss("CSS"), "91").Members.Select(m => m.Trunk);
            Assert.Equal(["GW_1", "GW_2", "GW_3"], members);
        }
    }

    [Fact]
    public void Circular_starts_each_call_one_member_further()
    {
        var plan = new DialPlanScenario()
            .Partitions("PT").Css("CSS", "PT")
            .RouteGroup("RG", "Circular", "GW_1", "GW_2", "GW_3")
            .RouteList("RL", "RG")
            .Route("9!", "PT")
            .Build();
        var analysis = new DigitAnalysis(plan, new CircularDistributionCounter());

        var orders = Enumerable.Range(0, 4)
            .Select(_ => string.Join(",", analysis.Analyze(plan.CallerWithCss("CSS"), "91").Members.Select(m => m.Trunk)))
            .ToArray();

        Assert.Equal(
            ["GW_1,GW_2,GW_3", "GW_2,GW_3,GW_1", "GW_3,GW_1,GW_2", "GW_1,GW_2,GW_3"],
            orders);
    }

    [Fact]
    public void Circular_state_lives_in_the_injected_counter()
    {
        var plan = new DialPlanScenario()
            .Partitions("PT").Css("CSS", "PT")
            .RouteGroup("RG", "Circular", "GW_1", "GW_2")
            .RouteList("RL", "RG")
            .Route("9!", "PT")
            .Build();
        var shared = new CircularDistributionCounter();

        var first = new DigitAnalysis(plan, shared).Analyze(plan.CallerWithCss("CSS"), "91");
        var second = new DigitAnalysis(plan, shared).Analyze(plan.CallerWithCss("CSS"), "91");
        var fresh = new DigitAnalysis(plan, new CircularDistributionCounter()).Analyze(plan.CallerWithCss("CSS"), "91");

        Assert.Equal("GW_1", first.Members[0].Trunk);
        Assert.Equal("GW_2", second.Members[0].Trunk);
        Assert.Equal("GW_1", fresh.Members[0].Trunk);
    }

    [Fact]
    public void Route_list_entry_overrides_win_over_the_route_pattern()
    {
        // UCM: route-group-level transformations in the route list replace the pattern's for that group only.
        var plan = new DialPlanScenario()
            .Partitions("PT").Css("CSS", "PT")
            .RouteGroup("RG_LOCAL", "TopDown", "GW_LOCAL")
            .RouteGroup("RG_E164", "TopDown", "GW_E164")
            .RouteList("RL",
                "RG_LOCAL",
                new RouteListEntryOptions
                {
                    RouteGroup = "RG_E164",
                    CalledPartyTransformMask = "1XXXXXXXXXX",
                    CalledPartyPrefixDigits = "+",
                    CallingPartyTransformMask = "+1408555XXXX",
                })
            .Route("9.1[2-9]XX[2-9]XXXXXX", "PT", "RL", o =>
            {
                o.DiscardDigits = "PreDot";
                o.CalledPartyTransformMask = "XXXXXXXXXX";
                o.CallingPartyTransformMask = "408555XXXX";
            })
            .Build();

        var decision = new DigitAnalysis(plan).Analyze(plan.CallerWithCss("CSS"), "914085551234", "1000");

        Assert.Equal(new RouteTarget("GW_LOCAL", "RG_LOCAL", "4085551234", "4085551000"), decision.Members[0]);
        // Keys the entry sets replace the pattern's; the one it leaves out (DiscardDigits) still comes from the pattern.
        Assert.Equal(new RouteTarget("GW_E164", "RG_E164", "+14085551234", "+14085551000"), decision.Members[1]);
        Assert.Equal("4085551234", decision.CalledNumber);
    }
}
