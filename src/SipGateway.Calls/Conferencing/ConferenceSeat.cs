using SipGateway.Media.Relay;

namespace SipGateway.Calls.Conferencing;

/// <summary>One leg's place in a bridge of <see cref="ConferenceNumbers"/>: what leaving it needs.</summary>
internal sealed record ConferenceSeat(string CallId, ConferenceBridge Bridge, ConferenceParticipant Participant, RtpLeg Media);
