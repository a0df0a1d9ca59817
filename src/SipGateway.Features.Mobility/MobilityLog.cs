using Microsoft.Extensions.Logging;

namespace SipGateway.Features.Mobility;

/// <summary>Extension Mobility's log messages, source-generated (as call control's CallControlLog). Event ids 10xx. PINs
/// are never logged.</summary>
internal static partial class MobilityLog
{
    [LoggerMessage(1000, LogLevel.Information, "Extension Mobility: {User} logged out of {Device} at start-up: {Reason}")]
    public static partial void LoggedOutAtStartUp(this ILogger log, string user, string device, string reason);

    [LoggerMessage(1001, LogLevel.Information, "Extension Mobility: {Count} logins restored")]
    public static partial void LoginsRestored(this ILogger log, int count);

    [LoggerMessage(1002, LogLevel.Information, "Extension Mobility: {User} logged in to {Device} with profile {Profile}")]
    public static partial void LoggedIn(this ILogger log, string user, string device, string profile);

    [LoggerMessage(1003, LogLevel.Information, "Extension Mobility: {User} logged out of {Device} ({Reason})")]
    public static partial void LoggedOut(this ILogger log, string user, string device, string reason);

    [LoggerMessage(1004, LogLevel.Error, "Extension Mobility: saving the login of {User} to {Device} failed")]
    public static partial void LoginNotSaved(this ILogger log, Exception error, string user, string device);

    [LoggerMessage(1005, LogLevel.Information, "Extension Mobility: {User} logged out of {Device} (AutoLogout: logged in to {New})")]
    public static partial void AutoLoggedOut(this ILogger log, string user, string device, string @new);

    [LoggerMessage(1006, LogLevel.Error, "Extension Mobility: removing the login on {Device} failed")]
    public static partial void LoginNotRemoved(this ILogger log, Exception error, string device);

    [LoggerMessage(1007, LogLevel.Error, "Extension Mobility: saving the PIN of {User} failed")]
    public static partial void PinNotSaved(this ILogger log, Exception error, string user);

    [LoggerMessage(1008, LogLevel.Information, "Extension Mobility: {User} changed their PIN on {Device}")]
    public static partial void PinChanged(this ILogger log, string user, string device);

    [LoggerMessage(1009, LogLevel.Warning, "Extension Mobility: {User} locked out for {Duration} after {Count} wrong PINs (last on {Device})")]
    public static partial void LockedOut(this ILogger log, string user, TimeSpan duration, int count, string device);

    [LoggerMessage(1010, LogLevel.Error, "Extension Mobility: saving the lockout of {User} failed; it holds until a restart")]
    public static partial void LockoutNotSaved(this ILogger log, Exception error, string user);

    [LoggerMessage(1011, LogLevel.Warning, "Extension Mobility: automatic logout of {Device} failed: {Error}")]
    public static partial void AutomaticLogoutRefused(this ILogger log, string device, MobilityError? error);

    [LoggerMessage(1012, LogLevel.Error, "Extension Mobility: automatic logout of {Device} failed")]
    public static partial void AutomaticLogoutFailed(this ILogger log, Exception error, string device);

    [LoggerMessage(1013, LogLevel.Debug, "Dial plan rebuilt for Extension Mobility ({Devices} devices, {Dns} directory numbers)")]
    public static partial void DialPlanRebuilt(this ILogger log, int devices, int dns);
}
