using SipGateway.Sip.Transport;

namespace SipGateway.Sip.Transactions;

/// <summary>
/// The transaction user (RFC 3261 §17: the UA core above the transaction layer). The layer calls it from transport
/// and timer threads; implementations must not block.
/// </summary>
public interface ISipTransactionUser
{
    /// <summary>A request that started a new server transaction. Answer through <see cref="ServerTransaction.SendResponse"/>.</summary>
    void OnRequest(ServerTransaction transaction);

    /// <summary>An ACK for a 2xx: its own transaction-less request (§17.1.1.1), after the layer stopped resending the 2xx.</summary>
    void OnAck(IncomingSipMessage ack);

    /// <summary>A 2xx to an INVITE that matched no client transaction: a retransmission or another fork (§13.2.2.4). The TU re-sends its ACK.</summary>
    void OnStrayResponse(IncomingSipMessage response);

    /// <summary>A 2xx was resent for 64*T1 without an ACK (§13.3.1.4): the dialog is confirmed but the TU should send BYE.</summary>
    void OnAckTimeout(ServerTransaction transaction, Message.SipResponse response);
}
