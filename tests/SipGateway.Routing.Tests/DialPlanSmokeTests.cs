namespace SipGateway.Routing.Tests;

public class DialPlanSmokeTests
{
    [Fact]
    public void Routes_a_number_through_route_list_to_trunk()
    {
        var plan = new DialPlanScenario()
            .Partitions("PT")
            .Css("CSS", "PT")
            .Route("9.XXXX", "PT", configure: o => o.DiscardDigits = "PreDot")
            .Build();

        var decision = new DigitAnalysis(plan).Analyze(plan.CallerWithCss("CSS"), "91000");

        Assert.Equal(RoutingResult.Route, decision.Result);
        Assert.Equal("1000", decision.CalledNumber);
        Assert.Equal(["GW"], decision.Members.Select(m => m.Trunk));
    }
}
