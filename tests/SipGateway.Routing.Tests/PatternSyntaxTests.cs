namespace SipGateway.Routing.Tests;

public class PatternSyntaxTests
{
    [Theory]
    [InlineData("", 1, "empty")]
    [InlineData("9[2", 2, "never closed")]
    [InlineData("9[2-", 4, "digit after '-'")]
    [InlineData("9[]", 2, "empty [..]")]
    [InlineData("9[5-2]", 3, "backwards")]
    [InlineData("9[2-X]", 5, "digit after '-'")]
    [InlineData("9[A]", 3, "'A' inside")]
    [InlineData("9[^0-9]", 2, "excludes every digit")]
    [InlineData("12]", 3, "without a matching '['")]
    [InlineData("?1", 1, "repeats the previous")]
    [InlineData("+1408", 1, "literal plus")]
    [InlineData("9!+", 3, "repeats the previous")]
    [InlineData("1X?+", 4, "repeats the previous")]
    [InlineData("9.1.XXX", 4, "only one '.'")]
    [InlineData(".9XX", 1, "'.' must follow")]
    [InlineData("9.@", 3, "not supported yet")]
    [InlineData("9\\1", 2, "must be followed by '+'")]
    [InlineData("9 1", 2, "unexpected character ' '")]
    [InlineData("1Y", 2, "unexpected character 'Y'")]
    public void Invalid_patterns_name_the_position(string text, int position, string reason)
    {
        var error = Assert.Throws<PatternSyntaxException>(() => DigitPattern.Parse(text));
        Assert.Equal(position, error.Position);
        Assert.Contains(reason, error.Reason);
    }
}
