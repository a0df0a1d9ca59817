namespace SipGateway.Sip.Parsing;

/// <summary>Bounds that keep a hostile peer from making the parser hold unbounded memory.</summary>
public sealed record SipParserLimits
{
    public int MaxHeaderBytes { get; init; } = 16 * 1024;
    public int MaxBodyBytes { get; init; } = 64 * 1024;
    public int MaxHeaderCount { get; init; } = 256;

    public static readonly SipParserLimits Default = new();
}
