using SipGateway.Features.ExtendConnect.RemoteDestinations;

namespace SipGateway.Features.ExtendConnect.Tests;

public class RemoteDestinationNumberTests
{
    private static readonly ApplicationDialRule[] PlusOneToNine = [new("+1", 1, "9")];

    [Theory]
    [InlineData("91-4085555555", "914085555555")]
    [InlineData("+1-4085555555", "914085555555")]
    [InlineData("+1 (408) 555.5555", "914085555555")]
    [InlineData("94085", "94085")]
    public void Separators_are_dropped_and_the_dial_rule_applied(string typed, string dial)
    {
        Assert.True(RemoteDestinationNumber.TryNormalize(typed, PlusOneToNine, out var result));
        Assert.Equal(dial, result);
    }

    [Fact]
    public void The_91_and_plus_1_forms_are_the_same_remote_destination()
    {
        RemoteDestinationNumber.TryNormalize("91-4085555555", PlusOneToNine, out var a);
        RemoteDestinationNumber.TryNormalize("+1-4085555555", PlusOneToNine, out var b);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Without_the_rule_the_plus_form_stays_distinct()
    {
        RemoteDestinationNumber.TryNormalize("+1-4085555555", [], out var plus);
        Assert.Equal("+14085555555", plus);
    }

    [Fact]
    public void Number_of_digits_restricts_a_rule()
    {
        var rule = new ApplicationDialRule("4", 0, "91", NumberOfDigits: 10);
        RemoteDestinationNumber.TryNormalize("4085555555", [rule], out var ten);
        RemoteDestinationNumber.TryNormalize("40855", [rule], out var five);
        Assert.Equal("914085555555", ten);
        Assert.Equal("40855", five);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("alice@example.com")]
    [InlineData("408+555")]
    [InlineData("+")]
    [InlineData(null)]
    public void Anything_but_a_phone_number_is_refused(string? typed) =>
        Assert.False(RemoteDestinationNumber.TryNormalize(typed, PlusOneToNine, out _));
}
