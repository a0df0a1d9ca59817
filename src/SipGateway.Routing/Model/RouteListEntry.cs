namespace SipGateway.Routing;

/// <summary>A route group in a route list, with optional UCM route-list-level transformation overrides.</summary>
public sealed class RouteListEntry
{
    internal RouteListEntry(RouteGroup? routeGroup)
    {
        RouteGroup = routeGroup;
    }

    /// <summary>Null for <c>Standard Local Route Group</c>, which resolves per call from the caller's device pool.</summary>
    public RouteGroup? RouteGroup { get; }

    public bool IsStandardLocalRouteGroup => RouteGroup is null;

    public DiscardDigitsInstruction? DiscardDigits { get; init; }
    public string? CalledPartyTransformMask { get; init; }
    public string? CalledPartyPrefixDigits { get; init; }
    public string? CallingPartyTransformMask { get; init; }
    public string? CallingPartyPrefixDigits { get; init; }
    public bool? UseCallingPartyExternalPhoneNumberMask { get; init; }

    internal bool HasOverrides =>
        DiscardDigits is not null || CalledPartyTransformMask is not null || CalledPartyPrefixDigits is not null
        || CallingPartyTransformMask is not null || CallingPartyPrefixDigits is not null
        || UseCallingPartyExternalPhoneNumberMask is not null;
}
