namespace SipGateway.Routing.Tests;

/// <summary>Examples from Cisco's Unified CM documents, reproduced as dial plans.</summary>
public class UcmExampleTests
{
    [Fact]
    public void With_route_pattern_9_dot_XXXX_91000_is_routed_as_1000()
    {
        var decision = new DialPlanScenario()
            .Partitions("PT").Css("CSS", "PT")
            .Route("9.XXXX", "PT", configure: o => o.DiscardDigits = "PreDot")
            .Analyze("CSS", "91000");

        Assert.Equal(RoutingResult.Route, decision.Result);
        Assert.Equal("9.XXXX", decision.Match!.Pattern.Text);
        Assert.Equal("1000", decision.CalledNumber);
    }

    [Fact]
    public void With_only_8_dot_XXXX_91000_is_not_reachable()
    {
        var decision = new DialPlanScenario()
            .Partitions("PT").Css("CSS", "PT")
            .Route("8.XXXX", "PT", configure: o => o.DiscardDigits = "PreDot")
            .Analyze("CSS", "91000");

        Assert.Equal(RoutingResult.Unallocated, decision.Result);
    }

    /// <summary>
    /// Unified CM Assistant with proxy line support: manager DNs sit in Assistant_Manager; everyone's phones use
    /// ASSISTANT_EVERYONE_CSS (route point + everyone), so dialing a manager lands on the Assistant CTI route point,
    /// which intercepts the call. Only the route point and the assistant's proxy lines carry MANAGER_EVERYONE_CSS
    /// and so can reach the manager's DN itself.
    /// </summary>
    private static DialPlan AssistantPlan() => new DialPlanScenario()
        .Partitions("Assistant_Route_Point", "Assistant_Everyone", "Assistant_Manager")
        .Css("ASSISTANT_EVERYONE_CSS", "Assistant_Route_Point", "Assistant_Everyone")
        .Css("MANAGER_EVERYONE_CSS", "Assistant_Manager", "Assistant_Everyone")
        // The route point's DN covers the manager DN range.
        .Device("CTIRP_Assistant", null, "MANAGER_EVERYONE_CSS",
            new DeviceLineDefinition { Dn = "10XX", Partition = "Assistant_Route_Point" })
        .Device("SEP_Manager", null, null,
            new DeviceLineDefinition { Dn = "1000", Partition = "Assistant_Manager", Css = "ASSISTANT_EVERYONE_CSS" })
        .Device("SEP_Assistant", null, null,
            new DeviceLineDefinition { Dn = "2000", Partition = "Assistant_Everyone", Css = "ASSISTANT_EVERYONE_CSS" },
            new DeviceLineDefinition { Dn = "2100", Partition = "Assistant_Everyone", Css = "MANAGER_EVERYONE_CSS" })
        .Device("SEP_Employee", null, null,
            new DeviceLineDefinition { Dn = "3000", Partition = "Assistant_Everyone", Css = "ASSISTANT_EVERYONE_CSS" })
        .Build();

    [Theory]
    [InlineData("SEP_Employee", 0, "10XX", "Assistant_Route_Point")]   // intercepted by the route point
    [InlineData("SEP_Assistant", 0, "10XX", "Assistant_Route_Point")]  // assistant's own line: intercepted too
    [InlineData("SEP_Assistant", 1, "1000", "Assistant_Manager")]      // proxy line reaches the manager
    [InlineData("CTIRP_Assistant", 0, "1000", "Assistant_Manager")]    // route point reaches the manager
    public void Only_the_route_point_and_proxy_lines_reach_the_manager_DN(string device, int line, string pattern, string partition)
    {
        var plan = AssistantPlan();

        var decision = new DigitAnalysis(plan).Analyze(plan.CallerFromDevice(device, line), "1000");

        Assert.Equal(RoutingResult.DirectoryNumber, decision.Result);
        Assert.Equal(pattern, decision.Match!.Pattern.Text);
        Assert.Equal(partition, decision.Match.Partition.Name);
    }

    [Fact]
    public void Everyone_partition_is_reachable_from_both_CSSs()
    {
        var plan = AssistantPlan();
        var analysis = new DigitAnalysis(plan);

        Assert.Equal(["SEP_Employee"], analysis.Analyze(plan.CallerFromDevice("SEP_Manager"), "3000").DirectoryNumber!.Devices);
        Assert.Equal(["SEP_Employee"], analysis.Analyze(plan.CallerFromDevice("CTIRP_Assistant"), "3000").DirectoryNumber!.Devices);
    }

    [Fact]
    public void Line_CSS_is_searched_before_device_CSS()
    {
        // Both CSSs reach an exact 1000; the line's partition wins the tie.
        var plan = new DialPlanScenario()
            .Partitions("PT_Line", "PT_Device")
            .Css("CSS_Line", "PT_Line")
            .Css("CSS_Device", "PT_Device")
            .Route("1000", "PT_Device")
            .Block("1000", "PT_Line", "line wins")
            .Device("SEP1", null, "CSS_Device", new DeviceLineDefinition { Dn = "2000", Partition = "PT_Line", Css = "CSS_Line" })
            .Build();

        var decision = new DigitAnalysis(plan).Analyze(plan.CallerFromDevice("SEP1"), "1000");

        Assert.Equal("line wins", decision.BlockReason);
        Assert.Equal(["PT_Line", "PT_Device"], plan.Devices["SEP1"].Lines[0].EffectiveCss.Partitions.Select(p => p.Name));
    }
}
