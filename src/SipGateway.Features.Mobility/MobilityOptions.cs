using System.Net;

namespace SipGateway.Features.Mobility;

/// <summary>The Extension Mobility service parameters (config section <c>ExtensionMobility</c>; UCM's names).</summary>
public sealed record MobilityOptions
{
    /// <summary>When true, a login ends by itself after <see cref="MaximumLoginTime"/>.</summary>
    public bool EnforceMaximumLoginTime { get; init; }
    /// <summary>0:01 to 168:00 (hours:minutes), UCM's range; default 8:00.</summary>
    public TimeSpan MaximumLoginTime { get; init; } = TimeSpan.FromHours(8);
    /// <summary>Requests handled at once; one more is answered with error 26 (Busy Please Try Again). UCM default 5.</summary>
    public int MaximumConcurrentRequests { get; init; } = 5;
    public MultipleLoginBehavior MultipleLoginBehavior { get; init; } = MultipleLoginBehavior.MultipleLoginsNotAllowed;
    /// <summary>False: user IDs are numeric only (the phone's input field is numeric, and a non-numeric ID is refused).</summary>
    public bool AlphanumericUserId { get; init; } = true;
    /// <summary>The login prompt offers the last user who logged in on the phone.</summary>
    public bool RememberLastUser { get; init; } = true;
    /// <summary>Tells the phone to clear its call logs at login and logout (the answer carries the instruction).</summary>
    public bool ClearCallLogs { get; init; } = true;
    /// <summary>Only the phone itself (its registered address) or a trusted address may log in or out on it.</summary>
    public bool ValidateIpAddress { get; init; }
    public IReadOnlyList<IPNetwork> TrustedIps { get; init; } = [];
    /// <summary>A request through a proxy (Via or X-Forwarded-For) is accepted, and the client address it names is validated.</summary>
    public bool AllowProxy { get; init; }
    /// <summary>
    /// Entries of the per-user state the service keeps for user IDs it is sent (failed attempts, lockouts): bounded so a
    /// flood of made-up IDs cannot grow memory. UCM's range 1,000–20,000, default 10,000.
    /// </summary>
    public int CacheSize { get; init; } = 10_000;
    /// <summary>Wrong PINs in a row that lock a user ID out (0: never). Not in UCM.</summary>
    public int LockoutFailedAttempts { get; init; } = 5;
    public TimeSpan LockoutDuration { get; init; } = TimeSpan.FromMinutes(15);

    public static readonly TimeSpan MinimumLoginTime = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan MaximumLoginTimeLimit = TimeSpan.FromHours(168);
}
