using SipGateway.Sip.Message;

namespace SipGateway.Sip.Core;

/// <summary>What this user agent implements: advertised in Allow/Supported/Accept and enforced by <see cref="UasRequestInspector"/>.</summary>
public sealed record UasCapabilities
{
    public IReadOnlyList<string> AllowedMethods { get; init; } =
        [SipMethods.Invite, SipMethods.Ack, SipMethods.Bye, SipMethods.Cancel, SipMethods.Options, SipMethods.Register,
         SipMethods.Prack, SipMethods.Update, SipMethods.Info, SipMethods.Refer, SipMethods.Notify];

    /// <summary>Option tags (RFC 3262 100rel, RFC 3311 has none, RFC 3581 rport is Via-only).</summary>
    public IReadOnlyList<string> SupportedExtensions { get; init; } = ["100rel", "replaces", "timer"];

    public IReadOnlyList<string> AcceptedContentTypes { get; init; } = ["application/sdp"];

    /// <summary>Request-URI schemes the gateway can act on (RFC 3261 §8.2.2.1).</summary>
    public IReadOnlyList<string> UriSchemes { get; init; } = ["sip", "sips", "tel"];

    public string AllowHeader => string.Join(", ", AllowedMethods);
    public string SupportedHeader => string.Join(", ", SupportedExtensions);
    public string AcceptHeader => string.Join(", ", AcceptedContentTypes);

    public static readonly UasCapabilities Default = new();
}
