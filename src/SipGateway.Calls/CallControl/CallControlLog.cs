using Microsoft.Extensions.Logging;
using SipGateway.Routing;
using SipGateway.Sip.Transport;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// Every log message of call control, source-generated (as Kestrel's KestrelTrace): no formatting or boxing unless
/// the level is on, one place to read what a call says about itself. Event ids: 1xx setup and routing, 2xx outbound
/// attempts and answer, 3xx mid-call, 4xx teardown, 5xx plug-in deliveries and third-party control (conference, paging, redirect).
/// </summary>
internal static partial class CallControlLog
{
    // ---- setup and routing
    [LoggerMessage(100, LogLevel.Information, "Call {CallId} from {Caller}: {Called} -> {Result} {Pattern}")]
    public static partial void CallRouted(this ILogger log, string callId, CallerIdentity caller, string called, RoutingResult result, string? pattern);

    [LoggerMessage(101, LogLevel.Warning, "Call {CallId}: {Error}")]
    public static partial void CallResourceExhausted(this ILogger log, string callId, string error);

    [LoggerMessage(102, LogLevel.Information, "Call {CallId}: taken by route handler {Handler}: {Code} {Reason}")]
    public static partial void TakenByRouteHandler(this ILogger log, string callId, string handler, int code, string? reason);

    [LoggerMessage(106, LogLevel.Information, "Call {CallId}: answered by the gateway for route handler {Handler} ({RouteMember})")]
    public static partial void AnsweredForRouteHandler(this ILogger log, string callId, string handler, string? routeMember);

    [LoggerMessage(103, LogLevel.Information, "Call {CallId}: {Why} from {Dn} to {Destination} -> {Result}")]
    public static partial void Forwarded(this ILogger log, string callId, string why, string dn, string destination, RoutingResult result);

    [LoggerMessage(104, LogLevel.Information, "Skipping {Trunk}: out of service")]
    public static partial void TrunkSkipped(this ILogger log, string trunk);

    [LoggerMessage(105, LogLevel.Information, "Call {CallId}: announcement {Name} before {Code}")]
    public static partial void AnnouncementBeforeReject(this ILogger log, string callId, string name, int code);

    // ---- outbound attempts and answer
    [LoggerMessage(200, LogLevel.Information, "Call {CallId}: INVITE {Target} via {Destination}")]
    public static partial void AttemptSent(this ILogger log, string callId, string target, SipEndPoint destination);

    [LoggerMessage(201, LogLevel.Information, "Call {CallId}: {Target} silent for {Timeout}, trying the next member")]
    public static partial void MemberSilent(this ILogger log, string callId, string target, TimeSpan timeout);

    [LoggerMessage(202, LogLevel.Debug, "Call {CallId}: {Status} from {Target}")]
    public static partial void FinalResponse(this ILogger log, string callId, int status, string target);

    [LoggerMessage(203, LogLevel.Information, "Call {CallId}: {Target} answered {Status}")]
    public static partial void AttemptFailed(this ILogger log, string callId, string target, int status);

    [LoggerMessage(204, LogLevel.Information, "Call {CallId}: extra or late 2xx from {Target} (dialog {Found}); hanging it up")]
    public static partial void ExtraAnswer(this ILogger log, string callId, string target, bool found);

    [LoggerMessage(205, LogLevel.Warning, "Call {CallId}: the answer from {Target} cannot be relayed: {Reason}")]
    public static partial void AnswerProfileUnsupported(this ILogger log, string callId, string target, string reason);

    [LoggerMessage(206, LogLevel.Warning, "Call {CallId}: the answer from {Target} has no usable SDP")]
    public static partial void AnswerWithoutUsableSdp(this ILogger log, string callId, string target);

    [LoggerMessage(207, LogLevel.Debug, "Call {CallId}: caller has {Early} since early media, callee answered {Codec}: transcoding")]
    public static partial void TranscodingAfterEarlyMedia(this ILogger log, string callId, string early, string codec);

    [LoggerMessage(208, LogLevel.Information, "Call {CallId}: connected, media {A} <-> {B} ({CallerCodec}/{CalleeCodec})")]
    public static partial void Connected(this ILogger log, string callId, int a, int b, string? callerCodec, string? calleeCodec);

    [LoggerMessage(209, LogLevel.Information, "Call {CallId}: {Target} wants Session-Expires >= {Seconds} s; trying again")]
    public static partial void RetryingWithMinSe(this ILogger log, string callId, string target, int seconds);

    [LoggerMessage(210, LogLevel.Information, "Call {CallId}: early media from {Target} ({Codec})")]
    public static partial void EarlyMedia(this ILogger log, string callId, string target, string codec);

    // ---- mid-call
    [LoggerMessage(300, LogLevel.Information, "Call {CallId}: {Side} {Action}")]
    public static partial void HoldChanged(this ILogger log, string callId, string side, string action);

    [LoggerMessage(301, LogLevel.Debug, "Call {CallId}: music on hold to {Peer}")]
    public static partial void MusicOnHold(this ILogger log, string callId, string? peer);

    [LoggerMessage(302, LogLevel.Debug, "Call {CallId}: DTMF {Digit} as INFO to {Peer}")]
    public static partial void DtmfAsInfo(this ILogger log, string callId, char digit, string? peer);

    [LoggerMessage(303, LogLevel.Warning, "Call {CallId}: DTMF {Digit} to {Peer} failed")]
    public static partial void DtmfFailed(this ILogger log, Exception? error, string callId, char digit, string? peer);

    [LoggerMessage(304, LogLevel.Debug, "Call {CallId}: DTMF {Digit} from INFO as RFC 4733 to {Peer}")]
    public static partial void DtmfFromInfo(this ILogger log, string callId, char digit, string? peer);

    [LoggerMessage(305, LogLevel.Warning, "Call {CallId}: no session refresh from {Peer} within {Interval}")]
    public static partial void SessionExpired(this ILogger log, string callId, string? peer, TimeSpan? interval);

    [LoggerMessage(306, LogLevel.Debug, "Call {CallId}: session refresh ({Method}) to {Peer}")]
    public static partial void SessionRefreshSent(this ILogger log, string callId, string method, string? peer);

    [LoggerMessage(307, LogLevel.Error, "Call {CallId}: handling the session refresh response from {Peer} failed")]
    public static partial void SessionRefreshFailed(this ILogger log, Exception error, string callId, string? peer);

    [LoggerMessage(308, LogLevel.Information, "Call {CallId}: blind transfer of {Transferee} to {Digits} -> {Result}")]
    public static partial void BlindTransfer(this ILogger log, string callId, string? transferee, string digits, RoutingResult result);

    [LoggerMessage(309, LogLevel.Information, "Call {CallId}: transfer target {Target} answered {Status}; the call stays as it was")]
    public static partial void TransferTargetFailed(this ILogger log, string callId, string target, int status);

    [LoggerMessage(310, LogLevel.Information, "Call {CallId}: transferred, {A} <-> {B}")]
    public static partial void Transferred(this ILogger log, string callId, string? a, string? b);

    [LoggerMessage(311, LogLevel.Information, "Call {CallId}: attended transfer, {A} <-> {B}")]
    public static partial void AttendedTransfer(this ILogger log, string callId, string? a, string? b);

    // ---- teardown
    [LoggerMessage(400, LogLevel.Error, "Call {CallId}: call control failed; ending the call")]
    public static partial void CallControlFailed(this ILogger log, Exception error, string callId);

    [LoggerMessage(401, LogLevel.Error, "Could not write {Count} CDRs (kept queued, retried in 1 s)")]
    public static partial void CdrWriteFailed(this ILogger log, Exception error, int count);

    [LoggerMessage(403, LogLevel.Error, "Call {CallId}: call events consumer {Consumer} failed")]
    public static partial void CallEventsConsumerFailed(this ILogger log, Exception error, string consumer, string callId);

    [LoggerMessage(402, LogLevel.Warning, "CDR of call {CallId} not written: the gateway is stopping")]
    public static partial void CdrNotWritten(this ILogger log, string callId);

    // ---- deliveries that take a call elsewhere (conference bridge, DialCast page) and third-party control
    [LoggerMessage(500, LogLevel.Information, "Call {CallId}: joined conference {Number} ({Count} parties)")]
    public static partial void JoinedConference(this ILogger log, string callId, string number, int count);

    [LoggerMessage(501, LogLevel.Information, "Call {CallId}: left conference {Number}")]
    public static partial void LeftConference(this ILogger log, string callId, string number);

    [LoggerMessage(503, LogLevel.Information, "Paging call to {Device} answered ({Uri})")]
    public static partial void PagingCallAnswered(this ILogger log, string device, object uri);

    [LoggerMessage(506, LogLevel.Debug, "Call {CallId}: digits stopped ({Error})")]
    public static partial void DigitsStopped(this ILogger log, string callId, string error);

    [LoggerMessage(507, LogLevel.Information, "Call {CallId}: redirected by {Device} to {Destination} -> {Result}")]
    public static partial void Redirected(this ILogger log, string callId, string device, string destination, RoutingResult result);

    // ---- trunks
    [LoggerMessage(EventId = 600, Message = "Trunk {Trunk} is {State} (OPTIONS answered {Status})")]
    public static partial void TrunkState(this ILogger log, LogLevel level, string trunk, string state, int status);
}
