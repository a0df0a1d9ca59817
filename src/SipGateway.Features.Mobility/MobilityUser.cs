namespace SipGateway.Features.Mobility;

/// <summary>An end user who may log in to phones (config <c>Users</c>): PIN, primary extension and device profiles.</summary>
public sealed record MobilityUser
{
    public required string UserId { get; init; }
    public string? DisplayName { get; init; }
    /// <summary>The PIN from config; a PIN changed through the change-credential service replaces it (kept in SQLite).</summary>
    public required string Pin { get; init; }
    /// <summary>Used to log in with loginType=DN.</summary>
    public string? PrimaryExtension { get; init; }
    /// <summary>The user's device profiles; the first is the default.</summary>
    public IReadOnlyList<string> DeviceProfiles { get; init; } = [];
    public bool EnableMobility { get; init; }
}
