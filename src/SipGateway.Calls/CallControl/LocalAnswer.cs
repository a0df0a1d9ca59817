using SipGateway.Sip.Sdp;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// A route handler's request that the gateway answer the caller itself, the handler's <see cref="Callee"/> being the
/// far end (a bridge, a page, an existing leg the caller is joined to...). Call control does the SIP side, as for any
/// answer: the offer must share a codec with <see cref="Codecs"/> (else 488 with <see cref="NotAcceptableReason"/>),
/// the caller gets a 200 with our answer and a session timer (RFC 4028), or, when its INVITE had no offer (delayed
/// offer, a UCM trunk's default), a 200 offering the first of <see cref="Codecs"/> and the answer comes in the ACK
/// (RFC 3261 §13.2.1). Then the callee gets the answered leg (<see cref="ILocalCallee.Answered"/>), and is told once
/// when the call ends (<see cref="ILocalCallee.Ended"/>), also when it could not be answered.
/// </summary>
public sealed class LocalAnswer
{
    /// <param name="codecs">The audio codecs the callee takes, in order of preference: G.711 only (PCMU, PCMA), the
    /// formats the gateway's RTP legs handle. telephone-event (RFC 4733) is always offered besides.</param>
    /// <param name="callee">The far end: gets the answered call, then its end.</param>
    public LocalAnswer(IReadOnlyList<SdpCodec> codecs, ILocalCallee callee)
    {
        ArgumentNullException.ThrowIfNull(codecs);
        ArgumentNullException.ThrowIfNull(callee);
        if (codecs.Count == 0) throw new ArgumentException("a local answer accepts at least one codec", nameof(codecs));
        foreach (var codec in codecs)
            if (!codec.SameFormat(SdpCodec.Pcmu) && !codec.SameFormat(SdpCodec.Pcma))
                throw new ArgumentException($"{codec.Name}/{codec.ClockRate}: a local answer accepts G.711 (PCMU, PCMA) only", nameof(codecs));
        Codecs = codecs;
        Callee = callee;
        LocalMedia = [.. codecs, SdpCodec.TelephoneEvent];
    }

    /// <summary>The audio codecs accepted, in order of preference; the first is the one offered to a delayed-offer caller.</summary>
    public IReadOnlyList<SdpCodec> Codecs { get; }

    public ILocalCallee Callee { get; }

    /// <summary>The whole reason phrase of the 488 sent when the offer has none of <see cref="Codecs"/>
    /// ("Not Acceptable Here (...)"); null: "Not Acceptable Here" with the answerer's explanation.</summary>
    public string? NotAcceptableReason { get; init; }

    /// <summary>What the CDR and /api/calls show as the route member ("Conference 8000"); null keeps the call's.</summary>
    public string? RouteMember { get; init; }

    /// <summary>The called number the call ends up at, when it is not digit analysis's (null keeps the call's).</summary>
    public string? CalledNumber { get; init; }

    /// <summary>Whether the caller's RFC 4733 events are forwarded to what the callee connects its leg to (default
    /// true); false when the callee relays the audio somewhere digits must not go (a one-way stream).</summary>
    public bool ForwardTelephoneEvents { get; init; } = true;

    /// <summary>Our side of the SDP: <see cref="Codecs"/> then telephone-event.</summary>
    internal IReadOnlyList<SdpCodec> LocalMedia { get; }
}
