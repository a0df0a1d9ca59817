namespace SipGateway.Routing.Tests;

public class TransformationTests
{
    [Theory]
    [InlineData("408555XXXX", "1000", "4085551000")]  // longer mask adds digits
    [InlineData("XXXX", "4085551000", "1000")]        // shorter mask cuts leading digits
    [InlineData("XXXX", "1000", "1000")]
    [InlineData("1XX0", "2345", "1340")]              // non-X replaces the digit under it
    [InlineData("XXXXXX", "1000", "1000")]            // X with no digit under it adds nothing
    [InlineData("\\+1408555XXXX", "1000", "\\+14085551000")]
    [InlineData("+1408555XXXX", "1000", "+14085551000")]
    [InlineData("", "1000", "")]
    [InlineData("xxXX", "1000", "1000")]                // lower-case x keeps digits too
    [InlineData("XXXX", "", "")]
    [InlineData("12XX", "5", "125")]
    public void Masks_are_right_aligned(string mask, string number, string expected)
    {
        Assert.Equal(expected, TransformMask.Apply(mask, number));
    }

    [Theory]
    [InlineData("NoDigits", "9.XXXX#", "91000#", "91000#")]
    [InlineData("PreDot", "9.XXXX#", "91000#", "1000#")]
    [InlineData("PreDot Trailing-#", "9.XXXX#", "91000#", "1000")]
    [InlineData("Trailing-#", "9.XXXX#", "91000#", "91000")]
    [InlineData("PreDot", "9011.!", "9011441234", "441234")]
    [InlineData(null, "9.XXXX", "91000", "91000")]
    // A repeat before the '.': how many digits it discards depends on what was dialed.
    [InlineData("PreDot", "90+.XXXX", "90001000", "1000")]
    [InlineData("PreDot", "*1?.XXX", "*111222", "222")]
    [InlineData("PreDot", "[2-4]X?.1X", "2345617", "17")]
    public void Discard_digits(string? instruction, string pattern, string dialed, string expected)
    {
        var decision = new DialPlanScenario()
            .Partitions("PT").Css("CSS", "PT")
            .Route(pattern, "PT", configure: o => o.DiscardDigits = instruction)
            .Analyze("CSS", dialed);

        Assert.Equal(expected, decision.CalledNumber);
        Assert.All(decision.Members, m => Assert.Equal(expected, m.CalledNumber));
    }

    [Fact]
    public void Order_of_operations_is_discard_then_mask_then_prefix()
    {
        // 9 14085551234: PreDot leaves 14085551234, the mask keeps the last 7 digits, then the prefix goes in front.
        var decision = new DialPlanScenario()
            .Partitions("PT").Css("CSS", "PT")
            .Route("9.1[2-9]XX[2-9]XXXXXX", "PT", configure: o =>
            {
                o.DiscardDigits = "PreDot";
                o.CalledPartyTransformMask = "XXXXXXX";
                o.CalledPartyPrefixDigits = "0";
            })
            .Analyze("CSS", "914085551234");

        Assert.Equal("05551234", decision.CalledNumber);
    }

    [Fact]
    public void Calling_party_mask_then_prefix()
    {
        var decision = new DialPlanScenario()
            .Partitions("PT").Css("CSS", "PT")
            .Route("9.!", "PT", configure: o =>
            {
                o.CallingPartyTransformMask = "408555XXXX";
                o.CallingPartyPrefixDigits = "+1";
            })
            .Analyze("CSS", "91234", calling: "1000");

        Assert.Equal("+14085551000", decision.CallingNumber);
    }

    [Theory]
    [InlineData(true, "4085551000")]
    [InlineData(false, "1000")]
    public void External_phone_number_mask_applies_only_when_the_pattern_asks(bool use, string expectedCalling)
    {
        var plan = new DialPlanScenario()
            .Partitions("PT").Css("CSS", "PT")
            .Route("9.!", "PT", configure: o => o.UseCallingPartyExternalPhoneNumberMask = use)
            .Device("SEP1", null, "CSS", new DeviceLineDefinition { Dn = "1000", Partition = "PT", ExternalPhoneNumberMask = "408555XXXX" })
            .Build();

        var decision = new DigitAnalysis(plan).Analyze(plan.CallerFromDevice("SEP1"), "95551234");

        Assert.Equal(expectedCalling, decision.CallingNumber);
    }

    [Fact]
    public void External_mask_comes_before_the_calling_party_mask()
    {
        var plan = new DialPlanScenario()
            .Partitions("PT").Css("CSS", "PT")
            .Route("9.!", "PT", configure: o =>
            {
                o.UseCallingPartyExternalPhoneNumberMask = true;
                o.CallingPartyTransformMask = "1XXXXXXXXXX";
            })
            .Device("SEP1", null, "CSS", new DeviceLineDefinition { Dn = "1000", Partition = "PT", ExternalPhoneNumberMask = "408555XXXX" })
            .Build();

        var decision = new DigitAnalysis(plan).Analyze(plan.CallerFromDevice("SEP1"), "95551234");

        Assert.Equal("14085551000", decision.CallingNumber);
    }
}
