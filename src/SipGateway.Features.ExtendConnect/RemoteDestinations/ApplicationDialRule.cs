namespace SipGateway.Features.ExtendConnect.RemoteDestinations;

/// <summary>
/// A UCM application dial rule: a number that begins with <see cref="BeginsWith"/> (and has <see cref="NumberOfDigits"/>
/// digits, when set) loses its first <see cref="DigitsToRemove"/> digits and gets <see cref="PrefixWith"/> in front.
/// Remote destinations are stored in the form the rules produce, so "+1-4085555555" and "91-4085555555" are one number.
/// </summary>
public sealed record ApplicationDialRule(string BeginsWith, int DigitsToRemove, string PrefixWith, int? NumberOfDigits = null)
{
    public bool Matches(string digits) =>
        digits.StartsWith(BeginsWith, StringComparison.Ordinal) && (NumberOfDigits is not int n || digits.Length == n);

    public string Apply(string digits) => PrefixWith + digits[Math.Min(DigitsToRemove, digits.Length)..];
}
