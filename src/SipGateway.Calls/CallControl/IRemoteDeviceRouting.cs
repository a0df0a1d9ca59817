namespace SipGateway.Calls.CallControl;

/// <summary>
/// Tells the B2BUA whether a call to a CTI remote device's line can be delivered on the device's persistent connection
/// (UCM Extend and Connect). Implemented by the Extend and Connect feature.
/// </summary>
public interface IRemoteDeviceRouting
{
    /// <summary>The device's connected, idle persistent connection, reserved for call <paramref name="callId"/>; null when there is none.</summary>
    IPersistentConnectionDelivery? TryDeliver(string device, string callId);
}
