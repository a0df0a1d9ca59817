using Microsoft.Extensions.Logging;
using SipGateway.Calls.Lines;
using SipGateway.Routing;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// Calls to the line of a CTI remote device (UCM Extend and Connect): the active remote destination rings through
/// digit analysis with the device's reroute CSS, showing the original caller, alongside any registered phone sharing
/// the line. With no active remote destination the line's Call Forward No Answer applies, else the call is busy.
/// </summary>
public sealed partial class BackToBackUserAgent
{
    /// <summary>Set by the host when the Extend and Connect feature is on.</summary>
    public IRemoteDeviceRouting? RemoteDevices { get; set; }

    /// <summary>Adds the remote destinations of the DN's CTI remote devices to <paramref name="targets"/>; false when the
    /// DN has no CTI remote device. <paramref name="onlyRemote"/> says every device of the DN is one.</summary>
    private bool AddRemoteDestinationTargets(Call call, DirectoryNumber dn, List<CallTarget> targets, out bool onlyRemote)
    {
        onlyRemote = dn.Devices.Count > 0;
        bool any = false;
        if (RemoteDevices is not { } routing) { onlyRemote = false; return false; }
        foreach (var device in dn.Devices)
        {
            if (routing.RouteOf(device) is not { } route) { onlyRemote = false; continue; }
            any = true;
            if (route.Destination is null) continue;
            if (route.Destination.Contains('@'))
            {
                var callingUri = call.CallingOriginal ?? call.CallingLine ?? call.CallingFinal ?? "";
                if (route.UriTrunk is { } uriTrunk && UriTarget(route.Destination, uriTrunk, callingUri) is { } viaUri)
                {
                    targets.Add(viaUri with { Label = $"{device} RD {route.Destination} via {viaUri.Label}", CallingNumber = callingUri, Device = device });
                    OfferToRemoteDevice(call, device);
                }
                else
                    _log.RemoteDestinationWithoutUriTrunk(call.Id, route.Destination, device);
                continue;
            }
            Caller rerouter;
            try { rerouter = _plan.CallerWithCss(route.RerouteCss, device); }
            catch (KeyNotFoundException ex)
            {
                _log.RemoteDeviceError(call.Id, device, ex.Message);
                continue;
            }
            var calling = call.CallingOriginal ?? call.CallingLine ?? call.CallingFinal ?? "";
            var decision = _analysis.Analyze(rerouter, route.Destination, calling);
            if (decision.Result != RoutingResult.Route)
            {
                _log.RemoteDestinationNotRoutable(call.Id, route.Destination, device, decision.Result);
                continue;
            }
            // Extend and Connect presents the original caller to the remote destination, not a transformed number.
            var first = RouteTargets(decision).FirstOrDefault();
            if (first is null) continue;
            targets.Add(first with { Label = $"{device} RD {route.Destination} via {first.Label}", CallingNumber = calling, Device = device });
            OfferToRemoteDevice(call, device);
            _log.ExtendingToRemoteDestination(call.Id, dn.Dn, route.Destination, device);
        }
        return any;
    }

    /// <summary>A remote-device line with nothing to ring: Call Forward No Answer, else 486 (UCM Extend and Connect).</summary>
    private bool NoRemoteDestination(Call call, DirectoryNumber dn, LineRules? rules, int forwardHops)
    {
        if (rules?.ForwardNoAnswer is { } cfna) return Forward(call, dn, cfna, "Call Forward No Answer (no active remote destination)", forwardHops);
        _teardown.Reject(call, 486, $"Busy Here (line {dn.Dn}: no active remote destination)");
        return false;
    }
}
