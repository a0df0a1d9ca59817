using SipGateway.Calls.CallControl;
using SipGateway.Calls.Origination;

namespace SipGateway.Features.ExtendConnect.Calls;

/// <summary>One customer call delivered on a persistent connection, as the B2BUA sees it: zip tone first, then joined.</summary>
internal sealed class PersistentConnectionDelivery(PersistentConnections persistent, ICtiLegFactory legs, PersistentConnection connection,
    CtiCall call, SipCtiLeg leg) : IPersistentConnectionDelivery
{
    public OriginatedLeg Leg => leg.Leg;

    // UCM plays the zip tone (or whisper) to the agent only while the persistent connection carries no other call: TryDeliver ensured that.
    public Task BeforeConnect() => legs.PlayZipTone(leg);

    public void Connected() => persistent.DeliveredConnected(call);

    public void Released(int code, string reason) => persistent.DeliveredReleased(connection, call, code, reason);
}
