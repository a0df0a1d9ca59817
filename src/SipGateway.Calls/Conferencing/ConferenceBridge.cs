using SipGateway.Media.Pacing;
using SipGateway.Media.Relay;
using SipGateway.Media.Rtp;

namespace SipGateway.Calls.Conferencing;

/// <summary>
/// A meet-me conference bridge (UCM's Meet-Me number): every party's RTP leg feeds the bridge, and a paced stream per
/// party sends it the mix of the others in its own G.711 law. Up to <see cref="MaxParticipants"/> parties.
/// </summary>
public sealed class ConferenceBridge
{
    public const int MaxParticipants = 8;
    private volatile ConferenceParticipant[] _participants = [];

    public ConferenceBridge(string number) => Number = number;

    public string Number { get; }

    public IReadOnlyList<ConferenceParticipant> Participants => _participants;

    /// <summary>Connects a leg: its audio goes into the mix and it hears the others. Null when the bridge is full.</summary>
    public ConferenceParticipant? Join(string name, RtpLeg leg, int payloadType, PacedSender pacer)
    {
        var participant = new ConferenceParticipant(name, this);
        lock (this)
        {
            if (_participants.Length >= MaxParticipants) return null;
            _participants = [.. _participants, participant];
        }
        leg.Forward = participant;
        participant.Stream = pacer.Start(participant, leg, new PacedStreamOptions
        {
            PayloadType = payloadType == RtpPayloadTypes.Pcma ? RtpPayloadTypes.Pcma : RtpPayloadTypes.Pcmu,
        });
        return participant;
    }

    /// <summary>Disconnects a party; its paced stream stops. True when the bridge is now empty.</summary>
    public bool Leave(ConferenceParticipant participant, RtpLeg leg)
    {
        participant.Stream?.Stop();
        if (ReferenceEquals(leg.Forward, participant)) leg.Forward = null;
        lock (this)
        {
            _participants = _participants.Where(p => !ReferenceEquals(p, participant)).ToArray();
            foreach (var p in _participants) p.Forget(participant);
            return _participants.Length == 0;
        }
    }
}
