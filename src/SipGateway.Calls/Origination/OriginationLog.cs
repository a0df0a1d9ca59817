using Microsoft.Extensions.Logging;

namespace SipGateway.Calls.Origination;

/// <summary>Every log message of gateway-originated legs, source-generated (as Kestrel's KestrelTrace). Event ids 7xx.</summary>
internal static partial class OriginationLog
{
    [LoggerMessage(700, LogLevel.Information, "Originated {Leg}: INVITE {Target} as {Display} <{Number}>")]
    public static partial void InviteSent(this ILogger log, string leg, string target, string? display, string? number);

    [LoggerMessage(701, LogLevel.Information, "Originated {Leg}: {Target} answered {Status}")]
    public static partial void AttemptFailed(this ILogger log, string leg, string? target, int status);

    [LoggerMessage(702, LogLevel.Information, "Originated {Leg}: answered by {Target} ({Codec}), media on {Port}")]
    public static partial void Answered(this ILogger log, string leg, string? target, string codec, int port);

    [LoggerMessage(703, LogLevel.Information, "Joined {A} and {B}: media {PortA} <-> {PortB}")]
    public static partial void Joined(this ILogger log, string a, string b, int portA, int portB);

    [LoggerMessage(704, LogLevel.Debug, "Originated {Leg}: digits stopped ({Error})")]
    public static partial void DigitsStopped(this ILogger log, string leg, string error);

    [LoggerMessage(705, LogLevel.Information, "Originated {Leg} ended: {Code} {Reason}")]
    public static partial void Ended(this ILogger log, string leg, int code, string reason);

    [LoggerMessage(706, LogLevel.Information, "Originated {Leg}: {What} re-INVITE ({Direction})")]
    public static partial void HoldOfferSent(this ILogger log, string leg, string what, string direction);

    [LoggerMessage(707, LogLevel.Information, "Originated {Leg}: {What} re-INVITE got {Result}; media stays as it is")]
    public static partial void HoldOfferRefused(this ILogger log, string leg, string what, string result);

    [LoggerMessage(708, LogLevel.Information, "Conference {Bridge}: {Legs}")]
    public static partial void ConferenceJoined(this ILogger log, string bridge, string legs);

    [LoggerMessage(709, LogLevel.Information, "Conference {Bridge}: {Leg} left ({Count} left)")]
    public static partial void ConferenceLeft(this ILogger log, string bridge, string leg, int count);

    [LoggerMessage(710, LogLevel.Warning, "Originated {Leg}: {Target} did not respond within {Timeout}; next target")]
    public static partial void AttemptSilent(this ILogger log, string leg, string target, TimeSpan timeout);
}
