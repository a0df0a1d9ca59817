using Microsoft.Extensions.Logging;
using SipGateway.Sip.Auth;
using SipGateway.Sip.Transport;

namespace SipGateway.Calls.Registration;

/// <summary>Every log message of the registrar, source-generated. Event ids 9xx.</summary>
internal static partial class RegistrarLog
{
    [LoggerMessage(900, LogLevel.Information, "REGISTER from {Source} rejected: {Reason}")]
    public static partial void RegisterRejected(this ILogger log, SipEndPoint source, string? reason);

    [LoggerMessage(901, LogLevel.Warning, "REGISTER from {Source}: device {Device} may not register {Aor}")]
    public static partial void AorNotAllowed(this ILogger log, SipEndPoint source, string device, string aor);

    [LoggerMessage(902, LogLevel.Information, "REGISTER {Aor} from {Source}: expires {Expires} below {Min}")]
    public static partial void IntervalTooBrief(this ILogger log, string aor, SipEndPoint source, long expires, int min);

    [LoggerMessage(903, LogLevel.Warning, "REGISTER {Aor} from {Source}: CSeq {CSeq} out of order for Call-ID {CallId}")]
    public static partial void CSeqOutOfOrder(this ILogger log, string aor, SipEndPoint source, uint cSeq, string callId);

    [LoggerMessage(904, LogLevel.Information, "Registered {Device} {Aor} at {Contact} via {Source}")]
    public static partial void Registered(this ILogger log, string device, string aor, string contact, SipEndPoint source);

    [LoggerMessage(905, LogLevel.Information, "Unregistered {Device} {Aor} at {Contact}")]
    public static partial void Unregistered(this ILogger log, string device, string aor, string contact);

    [LoggerMessage(906, LogLevel.Information, "REGISTER {Aor} from {Source}: malformed Authorization: {Reason}")]
    public static partial void MalformedAuthorization(this ILogger log, string aor, SipEndPoint source, string? reason);

    /// <summary>The user name is logged, never the password or the digest response.</summary>
    [LoggerMessage(907, LogLevel.Warning, "REGISTER {Aor} from {Source}: authentication of '{User}' failed: {Outcome} {Detail}")]
    public static partial void AuthenticationFailed(this ILogger log, string aor, SipEndPoint source, string user, DigestOutcome outcome, string? detail);
}
