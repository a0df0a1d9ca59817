using SipGateway.Media.Relay;

namespace SipGateway.Features.Paging;

/// <summary>An answered call to a DialCast number: who called, and the gateway's RTP leg facing the caller (G.711
/// mu-law, payload type 0), on which the page plays its tones and from which it takes the caller's voice.</summary>
public sealed record DialCastCall(string CallId, string Number, string? Partition, string Caller, RtpLeg Media);
