using SipGateway.Calls.CallControl;
using SipGateway.Features.ExtendConnect.Calls;

namespace SipGateway.Features.ExtendConnect.RemoteDestinations;

/// <summary>
/// Answers the B2BUA's questions about calls to a CTI remote device's line: where the active remote destination is
/// (and its reroute CSS), and whether the call can be delivered on the device's persistent connection.
/// </summary>
public sealed class RemoteDeviceRouting(RemoteDestinationBook book, PersistentConnections? persistent = null, ICtiLegFactory? legs = null)
    : IRemoteDeviceRouting
{
    public RemoteDeviceRoute? RouteOf(string device) =>
        book.Device(device) is { } d ? new RemoteDeviceRoute(d.Name, book.Active(d.Name)?.Number, d.RerouteCss, book.UriTrunk) : null;

    public IPersistentConnectionDelivery? TryDeliver(string device, string callId)
    {
        if (persistent is null || legs is null || book.Device(device) is null) return null;
        return persistent.TryDeliver(device, callId) is { } d && d.Connection.Leg is SipCtiLeg sip
            ? new PersistentConnectionDelivery(persistent, legs, d.Connection, d.Call, sip)
            : null;
    }
}
