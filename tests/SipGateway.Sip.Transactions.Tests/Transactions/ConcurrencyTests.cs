using SipGateway.Sip.Message;
using SipGateway.Sip.Transactions.Tests.Support;

namespace SipGateway.Sip.Transactions.Tests.Transactions;

public class ConcurrencyTests
{
    [Fact]
    public void Retransmissions_arriving_on_several_threads_create_one_transaction_each()
    {
        var s = new TestStack();
        s.User.Answer = tx => tx.SendResponse(tx.CreateResponse(200));
        var requests = Enumerable.Range(0, 300)
            .Select(i => TestMessages.Request(i % 2 == 0 ? SipMethods.Options : SipMethods.Invite, branch: $"z9hG4bKc{i}", callId: $"c{i}"))
            .ToList();

        Parallel.For(0, requests.Count * 6, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            i => s.Receive(requests[i % requests.Count]));

        Assert.Equal(300, s.User.Requests.Count);
        Assert.Equal(300, s.User.Requests.Select(t => t.Key).Distinct().Count());
        Assert.Equal(300, s.Layer.ServerTransactionCount);
        // 150 INVITEs answered 2xx: each waits for its ACK; give up after 64*T1 and all are gone.
        s.Advance(40);
        Assert.Equal(0, s.Layer.ServerTransactionCount);
        Assert.Equal(150, s.User.AckTimeouts.Count);
    }

    [Fact]
    public void Many_client_transactions_time_out_independently()
    {
        var s = new TestStack();
        var txs = Enumerable.Range(0, 500)
            .Select(i => s.Layer.SendRequest(TestMessages.Outgoing(SipMethods.Options, callId: $"o{i}"), Peer.Udp))
            .ToList();
        s.Advance(32);
        Assert.All(txs, tx => Assert.Equal(408, tx.LastResponse!.StatusCode));
        Assert.Equal(0, s.Layer.ClientTransactionCount);
        Assert.Equal(0, s.Wheel.Count);
    }
}
