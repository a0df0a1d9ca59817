using SipGateway.Calls.Origination;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// A call for a CTI remote device delivered on its persistent connection (UCM Extend and Connect): the B2BUA answers
/// the caller and joins it to <see cref="Leg"/>, the long-lived leg to the remote destination, without dialling it.
/// </summary>
public interface IPersistentConnectionDelivery
{
    /// <summary>The answered leg to the remote destination.</summary>
    OriginatedLeg Leg { get; }

    /// <summary>Played to the remote destination before the caller is connected (zip tone, whisper); completes when done.</summary>
    Task BeforeConnect();

    /// <summary>The caller is connected to the remote destination.</summary>
    void Connected();

    /// <summary>The delivered call ended: the persistent connection is free again.</summary>
    void Released(int code, string reason);
}
