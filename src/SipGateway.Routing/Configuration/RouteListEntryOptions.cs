using System.ComponentModel;
using System.Text.Json.Serialization;

namespace SipGateway.Routing;

/// <summary>
/// One route group in a route list. In config either a plain string (the route group name) or an object
/// with <c>RouteGroup</c> and UCM's route-list-level overrides, which win over the route pattern's settings.
/// </summary>
[JsonConverter(typeof(RouteListEntryJsonConverter))]
[TypeConverter(typeof(RouteListEntryTypeConverter))]
public sealed class RouteListEntryOptions
{
    public const string StandardLocalRouteGroup = "Standard Local Route Group";

    public string RouteGroup { get; set; } = "";

    public string? DiscardDigits { get; set; }

    public string? CalledPartyTransformMask { get; set; }

    public string? CalledPartyPrefixDigits { get; set; }

    public string? CallingPartyTransformMask { get; set; }

    public string? CallingPartyPrefixDigits { get; set; }

    public bool? UseCallingPartyExternalPhoneNumberMask { get; set; }

    public static implicit operator RouteListEntryOptions(string routeGroup) => new() { RouteGroup = routeGroup };

    internal bool HasOverrides =>
        DiscardDigits is not null || CalledPartyTransformMask is not null || CalledPartyPrefixDigits is not null
        || CallingPartyTransformMask is not null || CallingPartyPrefixDigits is not null
        || UseCallingPartyExternalPhoneNumberMask is not null;
}
