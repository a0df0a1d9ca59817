using SipGateway.Sip.Message;

namespace SipGateway.Sip.Parsing;

public enum SipParseStatus
{
    /// <summary>A whole message was read.</summary>
    Ok,
    /// <summary>Stream transports only: the message is not complete yet.</summary>
    NeedMoreData,
    /// <summary>The bytes are not a SIP message; <see cref="SipParseResult.Message"/> may still hold what could be read, to answer 400.</summary>
    Invalid,
}

/// <summary>
/// The outcome of parsing one message. <see cref="Consumed"/> is how many bytes of the input the message took
/// (on streams the next message starts there). <see cref="FramingLost"/> means a stream can no longer be framed
/// (bad Content-Length) and must be closed (RFC 4475 §3.1.2.3).
/// </summary>
public sealed record SipParseResult(SipParseStatus Status, SipMessage? Message, int Consumed, string? Error, bool FramingLost = false)
{
    public static readonly SipParseResult NeedMore = new(SipParseStatus.NeedMoreData, null, 0, null);
}
