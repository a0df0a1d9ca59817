namespace SipGateway.Routing;

/// <summary>A translation pattern applied on the way, and the numbers it produced.</summary>
public sealed record TranslationStep(TranslationPattern Pattern, string CalledNumber, string CallingNumber);
