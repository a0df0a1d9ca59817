namespace SipGateway.Routing.Tests;

public class TranslationPatternTests
{
    [Fact]
    public void Translation_transforms_then_reanalyses_with_its_own_CSS()
    {
        // The caller cannot reach PT_Internal, but the operator translation's CSS can.
        var scenario = new DialPlanScenario()
            .Partitions("PT_Lobby", "PT_Xlate", "PT_Internal")
            .Css("CSS_Lobby", "PT_Lobby", "PT_Xlate")
            .Css("CSS_Internal", "PT_Internal")
            .Translation("0", "PT_Xlate", "CSS_Internal", o => o.CalledPartyTransformMask = "1000")
            .Phone("SEP_Operator", "1000", "PT_Internal", null);

        var decision = scenario.Analyze("CSS_Lobby", "0");

        Assert.Equal(RoutingResult.DirectoryNumber, decision.Result);
        Assert.Equal("1000", decision.CalledNumber);
        var step = Assert.Single(decision.Translations);
        Assert.Equal("0", step.Pattern.Pattern.Text);
        Assert.Equal("1000", step.CalledNumber);
        Assert.Equal(RoutingResult.Unallocated, scenario.Analyze("CSS_Lobby", "1000").Result);
    }

    [Fact]
    public void Translation_without_CSS_reanalyses_with_the_originators_CSS()
    {
        var decision = new DialPlanScenario()
            .Partitions("PT")
            .Css("CSS", "PT")
            .Translation("8.XXXX", "PT", null, o => o.DiscardDigits = "PreDot")
            .Route("1XXX", "PT")
            .Analyze("CSS", "81234");

        Assert.Equal(RoutingResult.Route, decision.Result);
        Assert.Equal("1234", decision.CalledNumber);
        Assert.Equal("1XXX", decision.Match!.Pattern.Text);
    }

    [Fact]
    public void Chain_of_translations_applies_each_in_turn()
    {
        var decision = new DialPlanScenario()
            .Partitions("PT_1", "PT_2", "PT_3")
            .Css("CSS_1", "PT_1").Css("CSS_2", "PT_2").Css("CSS_3", "PT_3")
            .Translation("0", "PT_1", "CSS_2", o => o.CalledPartyTransformMask = "55")
            .Translation("55", "PT_2", "CSS_3", o =>
            {
                o.CalledPartyPrefixDigits = "1";
                o.CallingPartyPrefixDigits = "9";
            })
            .Route("155", "PT_3")
            .Analyze("CSS_1", "0", calling: "2000");

        Assert.Equal(RoutingResult.Route, decision.Result);
        Assert.Equal(["0", "55"], decision.Translations.Select(t => t.Pattern.Pattern.Text));
        Assert.Equal(["55", "155"], decision.Translations.Select(t => t.CalledNumber));
        Assert.Equal("155", decision.CalledNumber);
        Assert.Equal("92000", decision.CallingNumber);
    }

    [Fact]
    public void Translation_loop_is_an_error_decision_not_a_hang()
    {
        var decision = new DialPlanScenario()
            .Partitions("PT_A", "PT_B")
            .Css("CSS_A", "PT_A").Css("CSS_B", "PT_B")
            .Translation("1000", "PT_A", "CSS_B", o => o.CalledPartyTransformMask = "2000")
            .Translation("2000", "PT_B", "CSS_A", o => o.CalledPartyTransformMask = "1000")
            .Analyze("CSS_A", "1000");

        Assert.Equal(RoutingResult.Error, decision.Result);
        Assert.Equal(DialPlan.MaxTranslations, decision.Translations.Count);
        Assert.Contains("translation loop", decision.Error);
    }

    [Fact]
    public void Self_loop_without_transformation_also_stops()
    {
        var decision = new DialPlanScenario()
            .Partitions("PT").Css("CSS", "PT")
            .Translation("X!", "PT", "CSS")
            .Analyze("CSS", "1234");

        Assert.Equal(RoutingResult.Error, decision.Result);
    }

    [Fact]
    public void Ten_translations_are_allowed()
    {
        var scenario = new DialPlanScenario();
        for (int i = 0; i < 10; i++)
        {
            scenario.Partitions($"PT{i}").Css($"CSS{i}", $"PT{i}");
        }
        scenario.Partitions("PT10").Css("CSS10", "PT10").Route("1", "PT10");
        for (int i = 0; i < 10; i++)
        {
            scenario.Translation("1", $"PT{i}", $"CSS{i + 1}");
        }

        var decision = scenario.Analyze("CSS0", "1");

        Assert.Equal(RoutingResult.Route, decision.Result);
        Assert.Equal(10, decision.Translations.Count);
    }

    [Fact]
    public void Blocking_translation_blocks_with_its_reason()
    {
        var decision = new DialPlanScenario()
            .Partitions("PT").Css("CSS", "PT")
            .Translation("1900XXXXXXX", "PT", null, o =>
            {
                o.Block = true;
                o.BlockReason = "Premium numbers are blocked";
            })
            .Analyze("CSS", "19005551234");

        Assert.Equal(RoutingResult.Block, decision.Result);
        Assert.Equal("Premium numbers are blocked", decision.BlockReason);
    }
}
