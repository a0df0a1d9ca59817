namespace SipGateway.Routing;

/// <summary>One route group member to try, with the numbers to send it (route list overrides may differ per group).</summary>
public readonly record struct RouteTarget(string Trunk, string RouteGroup, string CalledNumber, string CallingNumber);
