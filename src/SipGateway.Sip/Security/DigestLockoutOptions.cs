namespace SipGateway.Sip.Security;

/// <summary>
/// The SIP digest password-guessing policy (Security:Auth), modelled on UCM's credential policy ("Failed Logon",
/// "Reset Failed Logon Attempts Every", "Lockout Duration").
/// </summary>
public sealed record DigestLockoutOptions
{
    /// <summary>Failed digest answers within <see cref="Window"/> that lock a source address, or a user (Security:Auth:MaxFailures).</summary>
    public int MaxFailures { get; init; } = 5;

    /// <summary>Failures older than this no longer count (Security:Auth:WindowSeconds).</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>How long a locked source or user is refused (Security:Auth:LockoutSeconds).</summary>
    public TimeSpan Lockout { get; init; } = TimeSpan.FromSeconds(900);

    /// <summary>Sources never locked out (trunks, Security:TrustedSources); their failures still count against the user.</summary>
    public SourceAddressSet Exempt { get; init; } = SourceAddressSet.Empty;

    /// <summary>Sources, and users, tracked at most (each table): bounded memory under a flood of random names.</summary>
    public int MaxTracked { get; init; } = 100_000;

    /// <summary>Answer an INVITE from an unknown caller (no credentials, not a trunk, not a configured device) with the same
    /// challenge a configured device gets, rather than 403 (Security:Auth:AlwaysChallenge; Asterisk's alwaysauthreject,
    /// RFC 3261 §26.3.2.4): a scanner then cannot tell configured extensions from unknown ones. On by default (issue 24);
    /// false is the lab setting whose 403 names the reason.</summary>
    public bool AlwaysChallenge { get; init; } = true;

    public void Validate()
    {
        if (MaxFailures < 1) throw new ArgumentOutOfRangeException(nameof(MaxFailures), MaxFailures, "at least 1");
        if (Window <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Window), Window, "must be positive");
        if (Lockout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(Lockout), Lockout, "must be positive");
        if (MaxTracked < 16) throw new ArgumentOutOfRangeException(nameof(MaxTracked), MaxTracked, "at least 16");
    }
}
