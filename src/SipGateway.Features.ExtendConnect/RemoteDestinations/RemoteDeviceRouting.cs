using Microsoft.Extensions.Logging;
using SipGateway.Calls.CallControl;
using SipGateway.Features.ExtendConnect.Calls;

namespace SipGateway.Features.ExtendConnect.RemoteDestinations;

/// <summary>
/// Where a call to a CTI remote device's line goes: the active remote destination (and its reroute CSS), or the
/// device's persistent connection when the call can be delivered on it.
/// </summary>
public sealed class RemoteDeviceRouting(RemoteDestinationBook book, PersistentConnections? persistent = null, ICtiLegFactory? legs = null)
{
    /// <summary>Null when <paramref name="device"/> is not a CTI remote device.</summary>
    public RemoteDeviceRoute? RouteOf(string device) =>
        book.Device(device) is { } d ? new RemoteDeviceRoute(d.Name, book.Active(d.Name)?.Number, d.RerouteCss, book.UriTrunk) : null;

    /// <summary>The device's connected, idle persistent connection, reserved for <paramref name="customer"/>; null when there is none.</summary>
    internal PersistentConnectionDelivery? TryDeliver(string device, Call customer, ILogger log)
    {
        if (persistent is null || legs is null || book.Device(device) is null) return null;
        return persistent.TryDeliver(device, customer.Id) is { } d && d.Connection.Leg is SipCtiLeg sip
            ? new PersistentConnectionDelivery(persistent, legs, d.Connection, d.Call, sip, customer, log)
            : null;
    }
}
