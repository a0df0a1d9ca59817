using SipGateway.Calls.CallControl;
using SipGateway.Calls.Origination;

namespace SipGateway.Features.ExtendConnect.Calls;

/// <summary>
/// One customer call delivered on a persistent connection, as the B2BUA sees it: whisper and zip tone to the agent
/// first, then joined. Any change of the call (customer hangs up, CTI disconnect, the connection drops) cuts the
/// whisper at once.
/// </summary>
internal sealed class PersistentConnectionDelivery(PersistentConnections persistent, ICtiLegFactory legs, PersistentConnection connection,
    CtiCall call, SipCtiLeg leg) : IPersistentConnectionDelivery
{
    private AgentAlert? _alert;
    private double _alertMs;

    public OriginatedLeg Leg => leg.Leg;

    // UCM plays the whisper/zip tone to the agent only while the persistent connection carries no other call: TryDeliver ensured that.
    public Task BeforeConnect()
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        _alert = AgentAlert.Start(legs, leg, connection.Whisper, out var done);
        connection.Leg.Ended += OnAgentEnded;
        if (done.IsCompleted) return done;
        return done.ContinueWith(_ => { _alertMs = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds; },
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public void Connected()
    {
        connection.Leg.Ended -= OnAgentEnded;
        persistent.DeliveredConnected(call, _alertMs);
    }

    public void Released(int code, string reason)
    {
        _alert?.Stop();
        connection.Leg.Ended -= OnAgentEnded;
        persistent.DeliveredReleased(connection, call, code, reason);
    }

    private void OnAgentEnded(ICtiLeg _, int code, string reason) => _alert?.Stop();
}
