namespace SipGateway.Sip.Auth;

/// <summary>What the verifier decided, with a short reason for logs.</summary>
public readonly record struct DigestVerification(DigestOutcome Outcome, string? Detail = null)
{
    public bool IsAuthenticated => Outcome == DigestOutcome.Authenticated;

    /// <summary>The challenge to send back should carry stale=true.</summary>
    public bool IsStale => Outcome == DigestOutcome.Stale;

    /// <summary>The request is answered with 400 rather than a new challenge.</summary>
    public bool IsBadRequest => Outcome is DigestOutcome.Malformed or DigestOutcome.UriMismatch;
}
