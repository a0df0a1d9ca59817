namespace SipGateway.Routing;

public sealed class RoutePatternOptions : DigitPatternOptions
{
    /// <summary>Required unless <see cref="DigitPatternOptions.Block"/> is true.</summary>
    public string? RouteList { get; set; }
}
