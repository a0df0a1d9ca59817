using Microsoft.Extensions.Logging;
using SipGateway.Calls.CallControl;
using SipGateway.Features.ExtendConnect.Calls;
using SipGateway.Routing;

namespace SipGateway.Features.ExtendConnect.RemoteDestinations;

/// <summary>
/// Calls to the line of a CTI remote device (UCM Extend and Connect): the active remote destination rings through
/// digit analysis with the device's reroute CSS, showing the original caller, alongside any registered phone sharing
/// the line; each is offered to CTI as a line call. With no active remote destination the line's Call Forward No
/// Answer applies, else the call is busy. A call dialled to the line while the device's persistent connection is up
/// and idle is delivered on it instead: answered at once, nothing rings.
/// </summary>
public sealed class RemoteDestinationTargets(RemoteDeviceRouting routing, BackToBackUserAgent b2bua, RemoteDeviceLineCalls lineCalls, ILogger log)
    : ICallTargetSource
{
    public LocalAnswer? AnswerWithoutRinging(Call call, DirectoryNumber dn)
    {
        foreach (var device in dn.Devices)
        {
            if (routing.TryDeliver(device, call, log) is not { } delivery) continue;
            log.DeliveredOnPersistentConnection(call.Id, dn.Dn, delivery.Leg.Id, device);
            return delivery.LocalAnswer();
        }
        return null;
    }

    public TargetCoverage AddTargets(Call call, DirectoryNumber dn, List<CallTarget> targets)
    {
        int served = 0;
        foreach (var device in dn.Devices)
        {
            if (routing.RouteOf(device) is not { } route) continue;
            served++;
            if (route.Destination is null) continue;
            // Extend and Connect presents the original caller to the remote destination, not a transformed number.
            var calling = call.CallingOriginal ?? call.CallingLine ?? call.CallingFinal ?? "";
            if (route.Destination.Contains('@'))
            {
                if (route.UriTrunk is { } uriTrunk && b2bua.UriTarget(route.Destination, uriTrunk, calling) is { } viaUri)
                {
                    targets.Add(viaUri with { Label = $"{device} RD {route.Destination} via {viaUri.Label}", CallingNumber = calling, Device = device });
                    Offer(call, device);
                }
                else
                    log.RemoteDestinationWithoutUriTrunk(call.Id, route.Destination, device);
                continue;
            }
            Caller rerouter;
            try { rerouter = b2bua.Plan.CallerWithCss(route.RerouteCss, device); }
            catch (KeyNotFoundException ex)
            {
                log.RemoteDeviceError(call.Id, device, ex.Message);
                continue;
            }
            var decision = b2bua.Analyze(rerouter, route.Destination, calling);
            if (decision.Result != RoutingResult.Route)
            {
                log.RemoteDestinationNotRoutable(call.Id, route.Destination, device, decision.Result);
                continue;
            }
            var routed = b2bua.TargetsOf(decision);
            if (routed.Count == 0) continue;
            targets.Add(routed[0] with { Label = $"{device} RD {route.Destination} via {routed[0].Label}", CallingNumber = calling, Device = device });
            Offer(call, device);
            log.ExtendingToRemoteDestination(call.Id, dn.Dn, route.Destination, device);
        }
        return served == 0 ? TargetCoverage.None : served == dn.Devices.Count ? TargetCoverage.Every : TargetCoverage.Some;
    }

    /// <summary>A remote-device line with nothing to ring: Call Forward No Answer, else 486 (UCM Extend and Connect).</summary>
    public NothingToRing WhenNothingRings(DirectoryNumber dn) =>
        new("Call Forward No Answer (no active remote destination)", $"Busy Here (line {dn.Dn}: no active remote destination)");

    private void Offer(Call call, string device) =>
        lineCalls.Offering(call.Id, device, call.CallingOriginal ?? call.CallingFinal, call.CalledOriginal);
}
