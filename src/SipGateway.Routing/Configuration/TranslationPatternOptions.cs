namespace SipGateway.Routing;

public sealed class TranslationPatternOptions : DigitPatternOptions
{
    /// <summary>CSS used to re-analyse the translated digits; empty means the originator's CSS.</summary>
    public string? Css { get; set; }
}
