using SipGateway.Sip.Message;
using SipGateway.Sip.Transport;

namespace SipGateway.Sip.Transactions.Tests.Support;

/// <summary>A transaction user that records what the layer hands it and optionally answers.</summary>
public sealed class RecordingUser : ISipTransactionUser
{
    public List<ServerTransaction> Requests { get; } = [];
    public List<IncomingSipMessage> Acks { get; } = [];
    public List<IncomingSipMessage> Strays { get; } = [];
    public List<(ServerTransaction Transaction, SipResponse Response)> AckTimeouts { get; } = [];
    public Action<ServerTransaction>? Answer { get; set; }

    // Transports call from several threads; the lists are guarded for the concurrency tests.
    public void OnRequest(ServerTransaction transaction)
    {
        lock (Requests) Requests.Add(transaction);
        Answer?.Invoke(transaction);
    }

    public void OnAck(IncomingSipMessage ack) { lock (Acks) Acks.Add(ack); }

    public void OnStrayResponse(IncomingSipMessage response) { lock (Strays) Strays.Add(response); }

    public void OnAckTimeout(ServerTransaction transaction, SipResponse response) { lock (AckTimeouts) AckTimeouts.Add((transaction, response)); }
}
