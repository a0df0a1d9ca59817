using Microsoft.Extensions.Logging;
using SipGateway.Routing;

namespace SipGateway.Features.ExtendConnect;

/// <summary>
/// Log messages of Extend and Connect's part in call routing, source-generated. The event ids are those call control
/// used when it extended line calls and delivered on persistent connections itself (504-505, 508-511), so log searches
/// keep working.
/// </summary>
internal static partial class ExtendConnectLog
{
    [LoggerMessage(504, LogLevel.Information, "Call {CallId}: {Dn} delivered on the persistent connection {Leg} of {Device}")]
    public static partial void DeliveredOnPersistentConnection(this ILogger log, string callId, string dn, object leg, string device);

    [LoggerMessage(505, LogLevel.Information, "Call {CallId}: connected on the persistent connection {Leg}, media {A} <-> {B}")]
    public static partial void ConnectedOnPersistentConnection(this ILogger log, string callId, object leg, int a, int b);

    [LoggerMessage(508, LogLevel.Warning, "Call {CallId}: URI remote destination {Rd} of {Device} has no usable URI trunk")]
    public static partial void RemoteDestinationWithoutUriTrunk(this ILogger log, string callId, string rd, string device);

    [LoggerMessage(509, LogLevel.Warning, "Call {CallId}: remote device {Device}: {Error}")]
    public static partial void RemoteDeviceError(this ILogger log, string callId, string device, string error);

    [LoggerMessage(510, LogLevel.Warning, "Call {CallId}: remote destination {Rd} of {Device} is not routable ({Result})")]
    public static partial void RemoteDestinationNotRoutable(this ILogger log, string callId, string rd, string device, RoutingResult result);

    [LoggerMessage(511, LogLevel.Information, "Call {CallId}: extending {Dn} to remote destination {Rd} of {Device}")]
    public static partial void ExtendingToRemoteDestination(this ILogger log, string callId, string dn, string rd, string device);

    [LoggerMessage(1200, LogLevel.Information, "DVO {Call}: {Device} to {Destination} via {Rd}{Pc}")]
    public static partial void DialViaOfficeStarted(this ILogger log, string call, string device, string destination, string rd, string pc);

    [LoggerMessage(1201, LogLevel.Warning, "DVO {Call}: cannot join ({Error})")]
    public static partial void DialViaOfficeCannotJoin(this ILogger log, string call, string error);

    [LoggerMessage(1202, LogLevel.Information, "Persistent connection {Call} of {Device}: dropping ({Reason})")]
    public static partial void PersistentConnectionDropping(this ILogger log, string call, string device, string reason);
}
