namespace SipGateway.Features.ExtendConnect.Errors;

/// <summary>
/// Why a CTI request was refused: a stable code (the API's "error" field) and the HTTP status it maps to.
/// The RD_* codes follow UCM's remote destination rules.
/// </summary>
public sealed record CtiError(string Code, int Status, string Detail)
{
    public static CtiError DeviceNotFound(string device) => new("DEVICE_NOT_FOUND", 404, $"no CTI remote device named '{device}'");
    public static CtiError Invalid(string detail) => new("RD_INVALID", 400, detail);
    public static CtiError Limit(string device, int max) => new("RD_LIMIT", 409, $"device {device} already has its maximum of {max} remote destinations");
    public static CtiError NotUnique(string number, string owner) => new("RD_NOT_UNIQUE", 409, $"{number} is already a remote destination of {owner}");
    public static CtiError IsDn(string number) => new("RD_IS_DN", 400, $"{number} is a directory number of this system; a remote destination must be off-cluster");
    public static CtiError NotReachable(string number, string? css, string why) =>
        new("RD_NOT_REACHABLE", 400, $"{number} cannot be routed with reroute CSS {css ?? "<None>"} ({why})");
    public static CtiError NotFound(string device, string number) => new("RD_NOT_FOUND", 404, $"device {device} has no remote destination {number}");
    public static CtiError NoActive(string device) => new("NO_ACTIVE_RD", 409, $"device {device} has no active remote destination");
    /// <summary>The state database refused the change; nothing changed (the reason, not the file's path, goes to the client).</summary>
    public static CtiError NotSaved(string reason) => new("DATABASE_ERROR", 500, $"the change could not be saved, nothing changed: {reason}");
}

