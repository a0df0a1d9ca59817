namespace SipGateway.Calls.CallControl;

/// <summary>What GET /api/calls shows of one active call.</summary>
public sealed record ActiveCallView(string Id, string State, string Caller, string? CallingNumber, string CalledNumber,
    string? CalledFinal, string? RouteMember, DateTimeOffset StartUtc, DateTimeOffset? AnswerUtc, IReadOnlyList<ActiveLegView> Legs,
    IReadOnlyList<string>? Redirections = null);

public sealed record ActiveLegView(string Direction, string? Peer, string? CallId, string? Codec, int LocalRtpPort, string? RemoteRtp,
    long PacketsReceived, long PacketsSent, string Media = "active", string? Device = null, string? SessionExpires = null);
