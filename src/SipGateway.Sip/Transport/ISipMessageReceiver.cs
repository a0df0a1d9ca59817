namespace SipGateway.Sip.Transport;

/// <summary>
/// Receives every valid message from the transports (the transaction layer). Called on transport threads:
/// implementations return quickly and never block on I/O.
/// </summary>
public interface ISipMessageReceiver
{
    void Receive(IncomingSipMessage message);
}
