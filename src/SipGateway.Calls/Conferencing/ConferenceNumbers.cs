using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SipGateway.Calls.CallControl;
using SipGateway.Media.Pacing;
using SipGateway.Media.Relay;
using SipGateway.Routing;
using SipGateway.Sip.Sdp;

namespace SipGateway.Calls.Conferencing;

/// <summary>
/// Meet-me numbers (UCM's Meet-Me Number/Pattern, <see cref="CallControlOptions.MeetMeNumbers"/>) and their bridges,
/// one per number, made by the first party and gone with the last. As a route handler (the host registers it first) it
/// takes a call dialled to one of the numbers, whatever digit analysis made of them: the gateway answers the caller
/// (G.711 either law) and the answered leg joins the bridge. Blind transfers to a number join the transferee here too
/// (a 3-party conference from ordinary phones: A talking to B transfers B to the number, calls it, transfers C).
/// </summary>
public sealed class ConferenceNumbers : ICallRouteHandler
{
    private static readonly IReadOnlyList<SdpCodec> G711 = [SdpCodec.Pcmu, SdpCodec.Pcma];

    private readonly IReadOnlySet<string> _numbers;
    private readonly PacedSender? _pacer;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<string, ConferenceBridge> _bridges = new();

    /// <param name="pacer">Sends each party its mix; without one nobody can join (the caller is answered, and hears nothing).</param>
    public ConferenceNumbers(IReadOnlySet<string> numbers, PacedSender? pacer, ILogger log)
    {
        _numbers = numbers;
        _pacer = pacer;
        _log = log;
    }

    public bool Contains(string number) => _numbers.Contains(number);

    /// <summary>The bridges with at least one party, by number.</summary>
    public IReadOnlyDictionary<string, ConferenceBridge> Bridges => _bridges;

    /// <summary>A call to a meet-me number (as dialled) is answered into its bridge.</summary>
    public CallRouteResult TryHandle(Call call, RoutingDecision decision)
    {
        var number = call.CalledOriginal;
        if (!Contains(number)) return CallRouteResult.NotHandled;
        return CallRouteResult.Answer(new LocalAnswer(G711, new Party(this, number))
        {
            RouteMember = "Conference " + number,
            CalledNumber = number,
        });
    }

    /// <summary>
    /// Connects <paramref name="media"/> (already running, payload types set) to <paramref name="number"/>'s bridge.
    /// Null when it cannot: <paramref name="refusal"/> says why when the caller should hear it (the bridge is full).
    /// </summary>
    internal ConferenceSeat? Join(string callId, string number, string name, RtpLeg media, int payloadType, out string? refusal)
    {
        refusal = null;
        if (_pacer is null) return null;
        var bridge = _bridges.GetOrAdd(number, n => new ConferenceBridge(n));
        var participant = bridge.Join(name, media, payloadType, _pacer);
        if (participant is null)
        {
            refusal = $"Busy Here (conference {number} is full: {ConferenceBridge.MaxParticipants} parties)";
            return null;
        }
        _log.JoinedConference(callId, number, bridge.Participants.Count);
        return new ConferenceSeat(callId, bridge, participant, media);
    }

    /// <summary>Disconnects a party; the bridge goes when it was the last.</summary>
    internal void Leave(ConferenceSeat seat)
    {
        if (seat.Bridge.Leave(seat.Participant, seat.Media)) _bridges.TryRemove(new KeyValuePair<string, ConferenceBridge>(seat.Bridge.Number, seat.Bridge));
        _log.LeftConference(seat.CallId, seat.Bridge.Number);
    }

    /// <summary>A caller answered for a meet-me number: it joins the bridge (486 when full) and leaves it with the call.</summary>
    private sealed class Party(ConferenceNumbers numbers, string number) : ILocalCallee
    {
        private readonly object _gate = new();
        private ConferenceSeat? _seat;
        private bool _ended;

        public void Answered(LocallyAnsweredCall call)
        {
            var seat = numbers.Join(call.CallId, number, call.CallerName, call.Media, call.PayloadType, out var refusal);
            if (seat is null)
            {
                if (refusal is not null) call.Hangup(486, refusal);
                return;
            }
            bool leaveNow;
            lock (_gate)
            {
                leaveNow = _ended;
                if (!leaveNow) _seat = seat;
            }
            // The call ended while joining (a BYE on another receive thread): the seat is given back at once.
            if (leaveNow) numbers.Leave(seat);
        }

        public void Ended(string cause)
        {
            ConferenceSeat? seat;
            lock (_gate)
            {
                _ended = true;
                seat = _seat;
                _seat = null;
            }
            if (seat is not null) numbers.Leave(seat);
        }
    }
}
