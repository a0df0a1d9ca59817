namespace SipGateway.Features.Paging;

/// <summary>One active page as GET /api/pages shows it.</summary>
public sealed record PageView(string? CallId, string Number, string? Partition, string? Caller, string State,
    DateTimeOffset StartUtc, DateTimeOffset? GoAheadUtc, IReadOnlyList<PageGroupView> Groups, IReadOnlyList<PageRecipientView> Recipients);

public sealed record PageGroupView(string Name, string? Multicast, long PacketsSent);

public sealed record PageRecipientView(string Device, string Mode, string Group, string State, string? Error);
