using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SipGateway.Calls.Conferencing;
using SipGateway.Media.Rtp;

namespace SipGateway.Calls.Origination;

/// <summary>
/// Ad hoc conferences of originated legs (UCM's conference feature on a CTI call: the controller's remote destination
/// and the two far parties): every leg feeds one mix-minus <see cref="ConferenceBridge"/> and hears the others. A leg
/// leaves on <see cref="Split"/> or when it ends; the others stay connected.
/// </summary>
public sealed partial class LegOriginator
{
    private readonly ConcurrentDictionary<OriginatedLeg, (ConferenceBridge Bridge, ConferenceParticipant Participant)> _conferenced = new();
    private long _nextBridge;

    /// <summary>Takes the legs out of whatever they are joined to and mixes them in one new bridge.</summary>
    /// <exception cref="InvalidOperationException">A leg is not answered, too few or too many legs, or no media pacer.</exception>
    public ConferenceBridge Conference(IReadOnlyList<OriginatedLeg> legs)
    {
        if (_pacer is null) throw new InvalidOperationException("conferences need the media pacer, which is not running");
        if (legs.Count < 2 || legs.Count > ConferenceBridge.MaxParticipants)
            throw new InvalidOperationException($"a conference takes 2 to {ConferenceBridge.MaxParticipants} legs, not {legs.Count}");
        if (legs.FirstOrDefault(l => l.State != OriginatedLegState.Answered) is { } idle)
            throw new InvalidOperationException($"{idle} is not answered");
        foreach (var leg in legs) Split(leg);
        var bridge = new ConferenceBridge("cti-conference-" + Interlocked.Increment(ref _nextBridge));
        foreach (var leg in legs)
        {
            var participant = bridge.Join(leg.Id, leg.Media, leg.Media.AudioPayloadType ?? RtpPayloadTypes.Pcmu, _pacer)!;
            _conferenced[leg] = (bridge, participant);
        }
        _log.ConferenceJoined(bridge.Number, string.Join(", ", legs.Select(l => l.Id)));
        return bridge;
    }

    /// <summary>The legs still in the conference <paramref name="leg"/> is in (itself included); empty when it is in none.</summary>
    public IReadOnlyList<OriginatedLeg> ConferenceOf(OriginatedLeg leg) =>
        _conferenced.TryGetValue(leg, out var m) ? _conferenced.Where(e => e.Value.Bridge == m.Bridge).Select(e => e.Key).ToList() : [];

    /// <summary>Takes the leg out of its conference (its paced stream stops); nothing when it is in none.</summary>
    private void LeaveConference(OriginatedLeg leg)
    {
        if (!_conferenced.TryRemove(leg, out var m)) return;
        m.Bridge.Leave(m.Participant, leg.Media);
        _log.ConferenceLeft(m.Bridge.Number, leg.Id, m.Bridge.Participants.Count);
    }
}
