using SipGateway.Sip.Message;

namespace SipGateway.Sip.Transport;

/// <summary>
/// Sends a message to a remote end point over the given transport. Implementations never block the caller's
/// thread on I/O; a send failure is reported (false), not thrown, so transactions can map it to a 503 (§8.1.3.1).
/// </summary>
public interface ISipMessageSender
{
    /// <summary>The address and port the stack listens on, for Via and Contact.</summary>
    SipEndPoint LocalEndPoint(SipTransportKind transport);

    ValueTask<bool> SendAsync(SipMessage message, SipEndPoint destination, CancellationToken cancellationToken = default);
}
