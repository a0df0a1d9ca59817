namespace SipGateway.Routing.Tests;

public class DigitPatternTests
{
    [Theory]
    // literal digits, * and #
    [InlineData("1000", "1000", true)]
    [InlineData("1000", "1001", false)]
    [InlineData("1000", "100", false)]
    [InlineData("*67", "*67", true)]
    [InlineData("1000#", "1000#", true)]
    [InlineData("1000#", "1000", false)]
    // X: one digit 0-9, never * # +
    [InlineData("1XXX", "1234", true)]
    [InlineData("1XXX", "123", false)]
    [InlineData("1XXX", "12345", false)]
    [InlineData("1X", "1*", false)]
    // !: one or more digits
    [InlineData("9!", "91", true)]
    [InlineData("9!", "914085551234", true)]
    [InlineData("9!", "9", false)]
    [InlineData("9!#", "9123#", true)]
    [InlineData("9!", "912#", false)]
    // [a-b] ranges and lists
    [InlineData("[2-9]XX", "200", true)]
    [InlineData("[2-9]XX", "100", false)]
    [InlineData("[135]0", "30", true)]
    [InlineData("[135]0", "20", false)]
    [InlineData("[1-35-7]", "6", true)]
    [InlineData("[1-35-7]", "4", false)]
    // [^...] exclusion
    [InlineData("[^0]XX", "100", true)]
    [InlineData("[^0]XX", "000", false)]
    [InlineData("[^0-8]", "9", true)]
    [InlineData("[^0-8]", "8", false)]
    // ? zero or more of the previous element
    [InlineData("10?1", "11", true)]
    [InlineData("10?1", "101", true)]
    [InlineData("10?1", "10001", true)]
    [InlineData("10?1", "1021", false)]
    [InlineData("1X?", "1", true)]
    [InlineData("1X?", "1999", true)]
    // + one or more of the previous element
    [InlineData("10+1", "11", false)]
    [InlineData("10+1", "101", true)]
    [InlineData("10+1", "10001", true)]
    [InlineData("1[2-3]+", "12323", true)]
    [InlineData("1[2-3]+", "124", false)]
    // . is only the discard boundary: it matches nothing itself
    [InlineData("9.XXXX", "91000", true)]
    [InlineData("9.XXXX", "9.1000", false)]
    // \+ literal plus (E.164)
    [InlineData("\\+1XXXXXXXXXX", "+14085551234", true)]
    [InlineData("\\+1XXXXXXXXXX", "14085551234", false)]
    [InlineData("\\+!", "+4930123", true)]
    public void Wildcards_match_as_UCM_documents(string pattern, string digits, bool expected)
    {
        Assert.Equal(expected, DigitPattern.Parse(pattern).Matches(digits));
    }

    [Theory]
    [InlineData("1000", 4, "1")]
    [InlineData("1XXX", 4, "1000")]
    [InlineData("10XX", 4, "100")]
    [InlineData("1!", 4, "1000")]
    [InlineData("15!", 4, "100")]
    [InlineData("1[3-5]XX", 4, "300")]
    [InlineData("1!", 2, "10")]
    [InlineData("1!", 1, "0")]
    [InlineData("[^0]", 1, "9")]
    [InlineData("9.1[2-9]XX[2-9]XXXXXX", 12, "6400000000")]
    [InlineData("10?1", 4, "1")]
    [InlineData("X?", 0, "1")]
    [InlineData("X?", 3, "1000")]
    // Ambiguous pattern: 12221 can split two ways but is one string; count strings, not ways to match.
    [InlineData("1!2!", 4, "100")]
    [InlineData("X?X", 2, "100")]
    public void Closeness_counts_distinct_strings_of_the_dialed_length(string pattern, int length, string expected)
    {
        Assert.Equal(UInt128.Parse(expected), DigitPattern.Parse(pattern).CountMatches(length));
    }

    [Theory]
    [InlineData("1!2!", 5)]   // two repeats: counted on the automaton
    [InlineData("1[2-4]+5", 5)] // one repeat: counted in closed form
    [InlineData("10?1", 5)]
    [InlineData("1X?[^3]", 4)]
    public void Count_agrees_with_brute_force(string text, int length)
    {
        var pattern = DigitPattern.Parse(text);
        int limit = (int)Math.Pow(10, length), matching = 0;
        for (int n = 0; n < limit; n++)
        {
            if (pattern.Matches(n.ToString("D" + length))) matching++;
        }
        Assert.Equal((UInt128)(uint)matching, pattern.CountMatches(length));
    }

    [Fact]
    public void Count_of_ambiguous_pattern_agrees_with_brute_force()
    {
        var pattern = DigitPattern.Parse("1!2!");
        int matching = 0;
        for (int n = 0; n < 100000; n++)
        {
            if (pattern.Matches(n.ToString("D5"))) matching++;
        }
        // Counting ways to match would give more: 12221 alone matches two ways.
        Assert.Equal((UInt128)(uint)matching, pattern.CountMatches(5));
    }

    [Theory]
    [InlineData("9.XXXX", "91000", 1)]
    [InlineData("9011.!", "9011441234", 4)]
    [InlineData("9.1[2-9]XX[2-9]XXXXXX", "914085551234", 1)]
    [InlineData("1000", "1000", 0)]
    [InlineData("8!.XXXX", "8121000", 3)]
    public void Digits_before_the_dot_are_the_ones_PreDot_discards(string pattern, string digits, int expected)
    {
        Assert.Equal(expected, DigitPattern.Parse(pattern).DigitsBeforeDot(digits));
    }
}
