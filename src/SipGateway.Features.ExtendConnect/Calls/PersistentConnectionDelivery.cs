using Microsoft.Extensions.Logging;
using SipGateway.Calls.CallControl;
using SipGateway.Calls.Origination;
using SipGateway.Media.Relay;
using SipGateway.Sip.Sdp;

namespace SipGateway.Features.ExtendConnect.Calls;

/// <summary>
/// One customer call delivered on a persistent connection (UCM Extend and Connect): the remote destination is already
/// connected, so the gateway answers the customer itself (<see cref="LocalAnswer"/>), plays the whisper and zip tone to
/// the agent, then joins the two legs. Any change of the call (customer hangs up, CTI disconnect, the connection drops)
/// cuts the whisper at once; the persistent connection outlives the call.
/// </summary>
internal sealed class PersistentConnectionDelivery(PersistentConnections persistent, ICtiLegFactory legs, PersistentConnection connection,
    CtiCall call, SipCtiLeg leg, Call customer, ILogger log) : ILocalCallee
{
    private readonly object _gate = new();
    private AgentAlert? _alert;
    private double _alertMs;
    /// <summary>The customer's leg once joined to the agent's; cleared from the agent's leg when the call ends.</summary>
    private RtpLeg? _joined;
    private bool _ended;

    public OriginatedLeg Leg => leg.Leg;

    /// <summary>
    /// The answer the customer gets: the agent leg's codec when the customer offered it (no transcoding), else the
    /// customer's first G.711 codec, which the legs convert; a delayed-offer customer is offered the agent's codec.
    /// </summary>
    public LocalAnswer LocalAnswer()
    {
        var agentCodec = leg.Leg.Codec ?? SdpCodec.Pcmu;
        var codec = agentCodec;
        if (customer.CallerOffer?.FirstAudio is { } audio)
        {
            var offered = audio.Codecs().Where(c => c.SameFormat(SdpCodec.Pcmu) || c.SameFormat(SdpCodec.Pcma)).ToList();
            if (offered.Count > 0 && !offered.Any(c => c.SameFormat(agentCodec))) codec = offered[0];
        }
        return new LocalAnswer([codec], this) { RouteMember = "persistent connection " + leg.Leg.Id };
    }

    // UCM plays the whisper/zip tone to the agent only while the persistent connection carries no other call: TryDeliver ensured that.
    public void Answered(LocallyAnsweredCall answered)
    {
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        _alert = AgentAlert.Start(legs, leg, connection.Whisper, out var done);
        connection.Leg.Ended += OnAgentEnded;
        // Nothing to play (no zip tone): join at once on this thread rather than queue behind other work.
        if (done.IsCompleted) Connect(answered);
        else done.ContinueWith(_ =>
        {
            _alertMs = System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            Connect(answered);
        }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    private void Connect(LocallyAnsweredCall answered)
    {
        var agent = leg.Leg;
        lock (_gate)
        {
            if (_ended || !answered.Call.IsAnswered) return;
            // Joined leg to leg, without an RtpRelay: disposing the call's media must not close the persistent connection.
            answered.Media.Forward = agent.Media;
            agent.Media.Forward = answered.Media;
            _joined = answered.Media;
        }
        log.ConnectedOnPersistentConnection(answered.CallId, agent.Id, answered.Media.LocalPort, agent.Media.LocalPort);
        connection.Leg.Ended -= OnAgentEnded;
        persistent.DeliveredConnected(call, _alertMs);
    }

    public void Ended(string cause)
    {
        lock (_gate)
        {
            _ended = true;
            if (_joined is not null && ReferenceEquals(leg.Leg.Media.Forward, _joined)) leg.Leg.Media.Forward = null;
        }
        _alert?.Stop();
        connection.Leg.Ended -= OnAgentEnded;
        // An ended call has its cause; one not ended here was refused before it was answered (no common codec: 488).
        var (code, reason) = customer.IsEnded ? (customer.CauseCode, customer.CauseText ?? "") : (488, cause);
        persistent.DeliveredReleased(connection, call, code, reason);
    }

    private void OnAgentEnded(ICtiLeg _, int code, string reason) => _alert?.Stop();
}
