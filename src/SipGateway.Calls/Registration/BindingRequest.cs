using SipGateway.Sip.Transport;

namespace SipGateway.Calls.Registration;

/// <summary>An authenticated, validated REGISTER as the binding store applies it (RFC 3261 §10.3 steps 6–7).</summary>
public sealed record BindingRequest
{
    public required string Device { get; init; }
    public required string Aor { get; init; }
    public required string AorKey { get; init; }
    public required string CallId { get; init; }
    public required uint CSeq { get; init; }
    public required SipEndPoint Source { get; init; }
    public string? UserAgent { get; init; }

    /// <summary>Contact: * with Expires: 0 (RFC 3261 §10.2.2).</summary>
    public bool RemoveAll { get; init; }

    public IReadOnlyList<ContactChange> Changes { get; init; } = [];
}
