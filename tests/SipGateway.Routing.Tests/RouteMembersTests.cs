namespace SipGateway.Routing.Tests;

/// <summary>Route decisions share one expansion per (route list, local route group); members stay per call.</summary>
public class RouteMembersTests
{
    private static DialPlan Plan() => new DialPlanScenario()
        .Partitions("PT").Css("CSS", "PT")
        .RouteGroup("RG_A", "Circular", "GW_A1", "GW_A2")
        .RouteGroup("RG_B", "Circular", "GW_B1", "GW_B2", "GW_B3")
        .RouteGroup("RG_C", "TopDown", "GW_C1")
        .DevicePool("DP_A", "RG_A")
        .DevicePool("DP_C", "RG_C")
        .RouteList("RL", RouteListEntryOptions.StandardLocalRouteGroup, "RG_B", "RG_B")
        .Route("9!", "PT", configure: o => o.CallingPartyTransformMask = "408555XXXX")
        .Phone("SEP_A", "1000", null, "CSS", "DP_A")
        .Phone("SEP_C", "2000", null, "CSS", "DP_C")
        .Build();

    private static string Trunks(RoutingDecision decision) => string.Join(",", decision.Members.Select(m => m.Trunk));

    [Fact]
    public void Callers_of_different_pools_alternating_each_get_their_local_group()
    {
        var plan = Plan();
        var analysis = new DigitAnalysis(plan);
        var a = plan.CallerFromDevice("SEP_A");
        var c = plan.CallerFromDevice("SEP_C");

        // RG_B is listed twice: each listing advances it, so one call starts it twice, one apart.
        Assert.Equal("GW_A1,GW_A2,GW_B1,GW_B2,GW_B3,GW_B2,GW_B3,GW_B1", Trunks(analysis.Analyze(a, "91")));
        Assert.Equal("GW_C1,GW_B3,GW_B1,GW_B2,GW_B1,GW_B2,GW_B3", Trunks(analysis.Analyze(c, "91")));
        Assert.Equal("GW_A2,GW_A1,GW_B2,GW_B3,GW_B1,GW_B3,GW_B1,GW_B2", Trunks(analysis.Analyze(a, "91")));
        Assert.Equal(["RG_C", "RG_B", "RG_B"], analysis.Analyze(c, "91").RouteGroups.Select(g => g.Name));
    }

    [Fact]
    public void Members_read_alike_by_index_and_enumeration_with_this_calls_numbers()
    {
        var plan = Plan();
        var decision = new DigitAnalysis(plan).Analyze(plan.CallerFromDevice("SEP_A"), "91234");

        var byIndex = Enumerable.Range(0, decision.Members.Count).Select(i => decision.Members[i]).ToArray();
        Assert.Equal(byIndex, decision.Members.ToArray());
        Assert.Equal(8, byIndex.Length);
        Assert.All(byIndex, m => Assert.Equal(("91234", "4085551000"), (m.CalledNumber, m.CallingNumber)));
        Assert.Equal(new RouteTarget("GW_B1", "RG_B", "91234", "4085551000"), byIndex[2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => decision.Members[8]);
        Assert.Throws<ArgumentOutOfRangeException>(() => decision.Members[-1]);
    }

    [Fact]
    public void Earlier_decisions_keep_their_circular_order()
    {
        var plan = Plan();
        var analysis = new DigitAnalysis(plan);
        var caller = plan.CallerFromDevice("SEP_C");

        var first = analysis.Analyze(caller, "91");
        var second = analysis.Analyze(caller, "91");

        Assert.Equal("GW_C1,GW_B3,GW_B1,GW_B2,GW_B1,GW_B2,GW_B3", Trunks(second));
        Assert.Equal("GW_C1,GW_B1,GW_B2,GW_B3,GW_B2,GW_B3,GW_B1", Trunks(first));
    }

    private sealed class LargeCounter : CircularDistributionCounter
    {
        private int _next = 70_000;

        public override int Next(RouteGroup group) => _next++;
    }

    [Fact]
    public void A_counter_may_return_starts_beyond_the_group_size()
    {
        var plan = Plan();
        var analysis = new DigitAnalysis(plan, new LargeCounter());

        // 70000 % 3 = 1 and 70001 % 3 = 2 for RG_B.
        Assert.Equal("GW_C1,GW_B2,GW_B3,GW_B1,GW_B3,GW_B1,GW_B2", Trunks(analysis.Analyze(plan.CallerFromDevice("SEP_C"), "91")));
    }
}
