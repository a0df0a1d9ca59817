namespace SipGateway.Storage;

/// <summary>
/// One record per call (UCM CDR fields, reduced): who called whom before and after digit analysis, which pattern and
/// route group member carried it, the legs, start/answer/end times and the cause (SIP status and reason).
/// </summary>
public sealed record CallDetailRecord
{
    public long Id { get; init; }
    public required string CallId { get; init; }
    public string? CallingOriginal { get; init; }
    public string? CallingFinal { get; init; }
    public string? CalledOriginal { get; init; }
    public string? CalledFinal { get; init; }
    public string? Pattern { get; init; }
    public string? Partition { get; init; }
    public string? RouteMember { get; init; }
    public string? InboundLeg { get; init; }
    public string? OutboundLeg { get; init; }
    public required DateTimeOffset StartUtc { get; init; }
    public DateTimeOffset? AnswerUtc { get; init; }
    public required DateTimeOffset EndUtc { get; init; }
    public required int CauseCode { get; init; }
    public string? CauseText { get; init; }

    /// <summary>Talk time: from answer to end; zero for a call that was never answered.</summary>
    public TimeSpan Duration => AnswerUtc is { } a && EndUtc > a ? EndUtc - a : TimeSpan.Zero;
}
