namespace SipGateway.Features.ExtendConnect.RemoteDestinations;

/// <summary>
/// Turns what a user typed for a remote destination into the dialable digit string: visual separators dropped
/// ("408-555 (5555)"), then the first matching application dial rule applied.
/// </summary>
public static class RemoteDestinationNumber
{
    private static readonly char[] Separators = ['-', ' ', '(', ')', '.', '/'];

    /// <summary>The dial form of <paramref name="typed"/>; false when it is not a phone number (digits, *, #, one leading +).</summary>
    public static bool TryNormalize(string? typed, IReadOnlyList<ApplicationDialRule> rules, out string dial)
    {
        dial = "";
        if (string.IsNullOrWhiteSpace(typed) || typed.Length > 64) return false;
        var chars = new List<char>(typed.Length);
        for (int i = 0; i < typed.Length; i++)
        {
            char c = typed[i];
            if (Array.IndexOf(Separators, c) >= 0) continue;
            if (char.IsAsciiDigit(c) || c is '*' or '#' || c == '+' && chars.Count == 0) chars.Add(c);
            else return false;
        }
        if (chars.Count == 0 || chars is ['+']) return false;
        dial = new string(chars.ToArray());
        foreach (var rule in rules)
            if (rule.Matches(dial)) { dial = rule.Apply(dial); break; }
        return true;
    }
}
