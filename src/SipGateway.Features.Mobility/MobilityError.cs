namespace SipGateway.Features.Mobility;

/// <summary>
/// An Extension Mobility error as UCM numbers and words it (the "Extension Mobility error codes" of the UCM feature
/// guide). Codes 250 and up are this gateway's own, for conditions UCM does not have.
/// </summary>
public sealed record MobilityError(int Code, string Text)
{
    // 1, 11, 18, 19: the Cisco Extension Mobility API response codes (developer.cisco.com, "Response Codes").
    public static readonly MobilityError ParseError = new(1, "Error on Parsing");
    public static readonly MobilityError DatabaseError = new(6, "Database Error");
    public static readonly MobilityError DeviceDoesNotExist = new(11, "Device Does Not Exist");
    public static readonly MobilityError AnotherUserLoggedIn = new(18, "Another User Logged In");
    public static readonly MobilityError NoUserLoggedIn = new(19, "No User Logged In");
    public static readonly MobilityError DevLogonDisabled = new(22, "Dev Logon Disabled");
    public static readonly MobilityError UserLoggedInElsewhere = new(25, "User Logged in Elsewhere");
    public static readonly MobilityError Busy = new(26, "Busy Please Try Again");
    public static readonly MobilityError AuthenticationError = new(201, "Authentication Error");
    public static readonly MobilityError BlankUserIdOrPin = new(202, "Blank User ID or PIN");
    public static readonly MobilityError UserProfileAbsent = new(205, "User Profile Absent");
    public static readonly MobilityError DeviceNameEmpty = new(207, "Device Name Empty");
    public static readonly MobilityError UserLockedOut = new(250, "User Locked Out");
    public static readonly MobilityError NewPinRejected = new(251, "New PIN Rejected");
}
