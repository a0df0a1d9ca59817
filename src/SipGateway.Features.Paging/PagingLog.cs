using Microsoft.Extensions.Logging;

namespace SipGateway.Features.Paging;

/// <summary>Paging's log messages, source-generated (as call control's CallControlLog).</summary>
internal static partial class PagingLog
{
    [LoggerMessage(502, LogLevel.Information, "Call {CallId}: answered by paging, DialCast {Number}")]
    public static partial void AnsweredByPaging(this ILogger log, string callId, string number);
}
