namespace SipGateway.Sip.Sdp;

/// <summary>What the gateway can receive on one anchored leg: its RTP address and port and its codecs in preference order.</summary>
public sealed record SdpLocalMedia(string Address, int Port, IReadOnlyList<SdpCodec> Codecs, int? Ptime = 20);

/// <summary>The outcome of answering an offer: the answer, the codec both sides send, or why none fits (488).</summary>
public sealed record SdpAnswerResult(SdpSessionDescription? Answer, SdpCodec? Codec, SdpCodec? TelephoneEvent, string? Failure)
{
    public bool Succeeded => Answer is not null;
}

/// <summary>
/// Answers an SDP offer as RFC 3264 §6 requires: one answer m= line per offered one, in order; the first audio stream
/// with a common codec is accepted (the offerer's preference wins, payload types as offered), telephone-event kept
/// when both sides have it; every other stream is refused with port 0; the direction is the reverse of the offer's.
/// </summary>
public static class SdpAnswerer
{
    public static SdpAnswerResult Answer(SdpSessionDescription offer, SdpLocalMedia local, ulong sessionId, ulong sessionVersion)
    {
        var answer = new SdpSessionDescription
        {
            SessionId = sessionId,
            SessionVersion = sessionVersion,
            OriginAddress = local.Address,
            OriginAddressType = local.Address.Contains(':') ? "IP6" : "IP4",
            SessionName = "SipGateway",
            Connection = new SdpConnection("IN", local.Address.Contains(':') ? "IP6" : "IP4", local.Address),
            Timing = offer.Timing,
        };
        SdpCodec? chosen = null, events = null;
        foreach (var offered in offer.Media)
        {
            var m = new SdpMediaDescription { Media = offered.Media, Protocol = offered.Protocol };
            bool accept = chosen is null && offered.Media == "audio" && !offered.IsRejected && offered.Protocol.StartsWith("RTP/AVP", StringComparison.Ordinal);
            SdpCodec? codec = null;
            if (accept)
            {
                var offeredCodecs = offered.Codecs();
                codec = offeredCodecs.FirstOrDefault(o => !o.IsTelephoneEvent && local.Codecs.Any(l => l.SameFormat(o)));
                if (codec is not null && local.Codecs.Any(l => l.IsTelephoneEvent))
                    events = offeredCodecs.FirstOrDefault(o => o.IsTelephoneEvent && o.ClockRate == codec.ClockRate);
            }
            if (codec is null)
            {
                // Refuse the stream: port 0 and the offered formats (RFC 3264 §6).
                m.Port = 0;
                m.Formats.AddRange(offered.Formats);
            }
            else
            {
                chosen = codec;
                m.Port = local.Port;
                m.SetCodecs(events is null ? [codec] : [codec, events]);
                if (local.Ptime is int ptime) m.Attributes.Add(new SdpAttribute("ptime", ptime.ToString()));
                m.Direction = offered.Direction.Reverse();
                // An RFC 2543 hold (c=0.0.0.0) asks us not to send: answer recvonly.
                if (offer.ConnectionFor(offered)?.IsHoldAddress == true && m.Direction == SdpDirection.SendRecv) m.Direction = SdpDirection.RecvOnly;
            }
            answer.Media.Add(m);
        }
        if (chosen is null)
        {
            var offeredNames = string.Join(", ", offer.Media.SelectMany(x => x.Codecs()).Select(c => c.Name).Distinct());
            var ours = string.Join(", ", local.Codecs.Where(c => !c.IsTelephoneEvent).Select(c => c.Name));
            return new SdpAnswerResult(null, null, null, $"no common audio codec (offered: {(offeredNames.Length > 0 ? offeredNames : "none")}; supported: {ours})");
        }
        return new SdpAnswerResult(answer, chosen, events, null);
    }

    /// <summary>An offer of our own (for delayed-offer INVITEs and outbound legs): every local codec, sendrecv unless told otherwise.</summary>
    public static SdpSessionDescription Offer(SdpLocalMedia local, ulong sessionId, ulong sessionVersion, SdpDirection direction = SdpDirection.SendRecv)
    {
        var type = local.Address.Contains(':') ? "IP6" : "IP4";
        var offer = new SdpSessionDescription
        {
            SessionId = sessionId, SessionVersion = sessionVersion, OriginAddress = local.Address, OriginAddressType = type,
            SessionName = "SipGateway", Connection = new SdpConnection("IN", type, local.Address),
        };
        var m = new SdpMediaDescription { Media = "audio", Port = local.Port, Protocol = "RTP/AVP" };
        m.SetCodecs(local.Codecs);
        if (local.Ptime is int ptime) m.Attributes.Add(new SdpAttribute("ptime", ptime.ToString()));
        m.Direction = direction;
        offer.Media.Add(m);
        return offer;
    }
}
