using SipGateway.Calls.CallControl;

namespace SipGateway.Features.ExtendConnect.RemoteDestinations;

/// <summary>Answers the B2BUA's question "where does a call to this device go": its active remote destination and reroute CSS.</summary>
public sealed class RemoteDeviceRouting(RemoteDestinationBook book) : IRemoteDeviceRouting
{
    public RemoteDeviceRoute? RouteOf(string device) =>
        book.Device(device) is { } d ? new RemoteDeviceRoute(d.Name, book.Active(d.Name)?.Number, d.RerouteCss) : null;
}
