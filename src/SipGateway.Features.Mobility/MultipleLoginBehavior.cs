namespace SipGateway.Features.Mobility;

/// <summary>UCM service parameter "Multiple Login Behavior": what happens when a user logged in on one phone logs in on another.</summary>
public enum MultipleLoginBehavior
{
    /// <summary>The user may be logged in on several phones at once; calls to the user's DNs ring them all.</summary>
    MultipleLoginsAllowed,
    /// <summary>The second login fails with error 25 (User Logged in Elsewhere).</summary>
    MultipleLoginsNotAllowed,
    /// <summary>The user is logged out of the first phone and logged in on the second.</summary>
    AutoLogout,
}
