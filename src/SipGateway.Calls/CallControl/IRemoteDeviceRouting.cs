namespace SipGateway.Calls.CallControl;

/// <summary>
/// Tells the B2BUA where a call to a CTI remote device's line goes (UCM Extend and Connect): the device's active
/// remote destination, analysed with its reroute CSS. Implemented by the Extend and Connect feature.
/// </summary>
public interface IRemoteDeviceRouting
{
    /// <summary>Null when <paramref name="device"/> is not a CTI remote device.</summary>
    RemoteDeviceRoute? RouteOf(string device);

    /// <summary>The device's connected, idle persistent connection, reserved for call <paramref name="callId"/>; null when there is none.</summary>
    IPersistentConnectionDelivery? TryDeliver(string device, string callId) => null;
}

/// <summary>
/// The active remote destination of a CTI remote device (null: none active) in the form digit analysis dials, and the
/// CSS it is routed with. A directory-URI destination (user@host) goes to <paramref name="UriTrunk"/> instead of digit analysis.
/// </summary>
public sealed record RemoteDeviceRoute(string Device, string? Destination, string? RerouteCss, string? UriTrunk = null);
