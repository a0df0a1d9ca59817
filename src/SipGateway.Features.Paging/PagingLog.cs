using Microsoft.Extensions.Logging;

namespace SipGateway.Features.Paging;

/// <summary>Paging's log messages, source-generated (as call control's CallControlLog).</summary>
internal static partial class PagingLog
{
    [LoggerMessage(502, LogLevel.Information, "Call {CallId}: answered by paging, DialCast {Number}")]
    public static partial void AnsweredByPaging(this ILogger log, string callId, string number);

    [LoggerMessage(1100, LogLevel.Warning, "Page {CallId}: not every phone joined within {Timeout}")]
    public static partial void NotEveryPhoneJoined(this ILogger log, string callId, TimeSpan timeout);

    [LoggerMessage(1101, LogLevel.Information, "Page {CallId} to DialCast {Number} is live: {Joined}/{Total} phones joined, groups {Groups}")]
    public static partial void PageLive(this ILogger log, string callId, string number, int joined, int total, string groups);

    [LoggerMessage(1102, LogLevel.Error, "Page {CallId} failed")]
    public static partial void PageFailed(this ILogger log, Exception error, string callId);

    [LoggerMessage(1103, LogLevel.Information, "Page {CallId} to DialCast {Number} ended: {Reason}")]
    public static partial void PageEnded(this ILogger log, string? callId, string number, string reason);
}
