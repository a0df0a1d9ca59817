namespace SipGateway.Routing.Tests;

public class FailoverRulesTests
{
    [Theory]
    [InlineData(null, true)]   // timeout / no response / transport error
    [InlineData(408, true)]
    [InlineData(480, true)]
    [InlineData(500, true)]
    [InlineData(503, true)]
    [InlineData(403, true)]
    [InlineData(486, false)]   // User Busy: stop by default
    [InlineData(600, false)]
    [InlineData(404, false)]   // Unallocated Number: stop by default
    [InlineData(485, false)]
    [InlineData(487, false)]   // the caller cancelled
    [InlineData(200, false)]
    public void Default_flags_stop_on_busy_and_unallocated(int? status, bool advance)
    {
        Assert.Equal(advance, new FailoverRules(true, true).ShouldTryNextMember(status, mediaNegotiationStarted: false));
    }

    [Theory]
    [InlineData(486, true)]
    [InlineData(600, true)]
    [InlineData(404, true)]
    [InlineData(485, true)]
    public void Clearing_the_stop_flags_advances(int status, bool advance)
    {
        Assert.Equal(advance, new FailoverRules(false, false).ShouldTryNextMember(status, mediaNegotiationStarted: false));
    }

    [Fact]
    public void Never_reroutes_once_media_negotiation_started()
    {
        Assert.False(new FailoverRules(false, false).ShouldTryNextMember(503, mediaNegotiationStarted: true));
        Assert.False(new FailoverRules(false, false).ShouldTryNextMember(null, mediaNegotiationStarted: true));
    }

    [Fact]
    public void Decision_carries_the_configured_flags()
    {
        var scenario = new DialPlanScenario().Partitions("PT").Css("CSS", "PT").Route("9!", "PT");
        scenario.Options.StopRoutingOnUserBusy = false;

        var decision = scenario.Analyze("CSS", "91");

        Assert.False(decision.Failover!.StopRoutingOnUserBusy);
        Assert.True(decision.Failover.StopRoutingOnUnallocatedNumber);
        Assert.True(decision.Failover.ShouldTryNextMember(486, false));
    }
}
