namespace SipGateway.Calls.CallControl;

/// <summary>
/// Line calls the B2BUA extends to a CTI remote device's remote destination (UCM Extend and Connect), reported to the
/// Extend and Connect feature so a CTI application sees and controls them (T-Server EventRinging/Established/Released).
/// Implemented by the feature; the B2BUA only calls it.
/// </summary>
public interface IRemoteDeviceCallEvents
{
    /// <summary>The call rings the device's remote destination.</summary>
    void Offering(string callId, string device, string? calling, string called);

    /// <summary>The remote destination answered: the caller and the RD are connected.</summary>
    void Answered(string callId, string device);

    /// <summary>The call ended for the device (before or after answer, or answered elsewhere), with the SIP cause.</summary>
    void Ended(string callId, string device, int code, string reason);
}
