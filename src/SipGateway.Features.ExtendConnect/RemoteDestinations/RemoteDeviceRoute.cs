namespace SipGateway.Features.ExtendConnect.RemoteDestinations;

/// <summary>
/// The active remote destination of a CTI remote device (null: none active) in the form digit analysis dials, and the
/// CSS it is routed with. A directory-URI destination (user@host) goes to <paramref name="UriTrunk"/> instead of digit analysis.
/// </summary>
public sealed record RemoteDeviceRoute(string Device, string? Destination, string? RerouteCss, string? UriTrunk = null);
