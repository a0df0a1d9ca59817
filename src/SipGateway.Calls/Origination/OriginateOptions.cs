using SipGateway.Routing;
using SipGateway.Sip.Sdp;

namespace SipGateway.Calls.Origination;

/// <summary>
/// How a leg the gateway originates is placed. The defaults suit Dial Via Office and persistent connections (a
/// sendrecv G.711 offer with telephone-event); a page asks the phone to answer by itself with a sendonly mu-law offer.
/// </summary>
public sealed record OriginateOptions
{
    public static readonly OriginateOptions Default = new();

    /// <summary>Ask the phone to answer at once (Call-Info answer-after=0, Alert-Info auto-answer).</summary>
    public bool AutoAnswer { get; init; }

    /// <summary>The direction of the offer: sendonly when the peer only listens (RFC 3264 §5.1).</summary>
    public SdpDirection Direction { get; init; } = SdpDirection.SendRecv;

    public IReadOnlyList<SdpCodec> Codecs { get; init; } = [SdpCodec.Pcmu, SdpCodec.Pcma, SdpCodec.TelephoneEvent];

    /// <summary>When to move to the next target: the routing decision's rules (null: the dial plan's).</summary>
    public FailoverRules? Failover { get; init; }
}
