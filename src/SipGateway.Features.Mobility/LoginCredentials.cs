namespace SipGateway.Features.Mobility;

/// <summary>How the user identifies: user ID (loginType UID or SP) or primary extension (loginType DN), with a PIN.</summary>
public sealed record LoginCredentials(LoginType Type, string? UserIdOrExtension, string? Pin, string? Profile = null);

/// <summary>The servlet's loginType parameter.</summary>
public enum LoginType
{
    /// <summary>User ID and PIN (the default).</summary>
    UID,
    /// <summary>Self-provisioning: user ID and PIN, as UID.</summary>
    SP,
    /// <summary>Primary extension and PIN.</summary>
    DN,
}
