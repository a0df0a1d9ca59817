namespace SipGateway.Media.Transport;

/// <summary>Where RTP datagrams go: a UDP destination, a relay leg, a multicast group.
/// The packet may be rewritten in place by the sink (the relay rewrites SSRC/sequence/timestamp).
/// Implementations must not throw on network errors: senders run on shared timer threads.</summary>
public interface IRtpSink
{
    void Send(Span<byte> datagram);
}
