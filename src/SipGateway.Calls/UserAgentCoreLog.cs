using Microsoft.Extensions.Logging;
using SipGateway.Sip.Transport;

namespace SipGateway.Calls;

/// <summary>Every log message of the UAS core (requests outside calls, INVITE admission), source-generated. Event ids 8xx.</summary>
internal static partial class UserAgentCoreLog
{
    [LoggerMessage(800, LogLevel.Error, "Failed to handle {Method} {CallId}")]
    public static partial void RequestFailed(this ILogger log, Exception error, string method, string? callId);

    [LoggerMessage(801, LogLevel.Warning, "INVITE {CallId} from unknown source {Remote} ({From}) refused")]
    public static partial void UnknownSourceRefused(this ILogger log, string? callId, SipEndPoint remote, string? from);

    [LoggerMessage(802, LogLevel.Information, "INVITE {CallId}: unusable credentials ({Error})")]
    public static partial void UnusableCredentials(this ILogger log, string? callId, string error);

    [LoggerMessage(803, LogLevel.Warning, "No ACK for our 2xx in dialog {CallId}")]
    public static partial void NoAck(this ILogger log, string callId);

    /// <summary>The user name is logged, never the password or the digest response.</summary>
    [LoggerMessage(804, LogLevel.Warning, "INVITE {CallId} from {Remote}: authentication of '{User}' failed: {Detail}")]
    public static partial void InviteAuthenticationFailed(this ILogger log, string? callId, SipEndPoint remote, string user, string? detail);
}
