using SipGateway.Sip.Transport;

namespace SipGateway.Calls.Registration;

/// <summary>
/// One registered contact of an AOR (RFC 3261 §10.3). <see cref="Uri"/> is the Contact URI exactly as the
/// device sent it inside the name-addr (URI parameters and escaped headers kept, RFC 4475 §3.3.13–§3.3.14);
/// header parameters other than expires and q are in <see cref="ContactParameters"/>. Requests to the device go
/// to <see cref="Source"/>, where the REGISTER came from, not to the Contact host (RFC 3581, NAT).
/// </summary>
public sealed record ContactBinding
{
    public required string Device { get; init; }

    /// <summary>The AOR as registered (To URI without parameters), e.g. <c>sip:1000@sipgw.local</c>.</summary>
    public required string Aor { get; init; }

    /// <summary>The canonical AOR the binding is indexed under (RFC 3261 §10.3 step 5).</summary>
    public required string AorKey { get; init; }

    public required string Uri { get; init; }

    /// <summary>Contact header parameters besides expires and q, as written (e.g. <c>;+sip.instance="..."</c>).</summary>
    public string ContactParameters { get; init; } = "";

    public required SipEndPoint Source { get; init; }
    public required string CallId { get; init; }
    public required uint CSeq { get; init; }

    /// <summary>The q preference (0 to 1) when the contact gave one.</summary>
    public double? Q { get; init; }

    public string? UserAgent { get; init; }

    /// <summary>When the binding was created or last refreshed (the registrar's monotonic time, <c>GetMonotonicTime</c>).</summary>
    public required TimeSpan RefreshedAt { get; init; }

    /// <summary>When the binding lapses (monotonic clock).</summary>
    public required TimeSpan ExpiresAt { get; init; }

    public bool IsLive(TimeSpan now) => ExpiresAt > now;

    /// <summary>Whole seconds left, rounded up so a live binding never reports 0.</summary>
    public int ExpiresIn(TimeSpan now) => ExpiresAt <= now ? 0 : (int)Math.Ceiling((ExpiresAt - now).TotalSeconds);
}
