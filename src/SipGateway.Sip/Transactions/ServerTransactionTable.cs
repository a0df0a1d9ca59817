using SipGateway.Sip.Message;

namespace SipGateway.Sip.Transactions;

/// <summary>
/// The server transactions by key (§17.2.3), plus an index by Call-ID, From tag and CSeq number used for merged
/// requests (§8.2.2.2) and for ACKs from broken peers that put a new branch on the ACK of a non-2xx. Not
/// thread-safe: the layer calls it under its own lock.
/// </summary>
internal sealed class ServerTransactionTable
{
    private readonly Dictionary<TransactionKey, ServerTransaction> _byKey = [];
    private readonly Dictionary<(string CallId, string FromTag, uint Sequence), List<ServerTransaction>> _byIdentity = [];

    public int Count => _byKey.Count;

    public bool TryGet(TransactionKey key, out ServerTransaction transaction) => _byKey.TryGetValue(key, out transaction!);

    public void Add(ServerTransaction tx)
    {
        _byKey[tx.Key] = tx;
        // Kept on the transaction: a non-INVITE one lets go of its request before it leaves this table.
        tx.Identity = IdentityOf(tx.Request);
        if (tx.Identity is not { } identity) return;
        if (!_byIdentity.TryGetValue(identity, out var list)) _byIdentity[identity] = list = new List<ServerTransaction>(1);
        list.Add(tx);
    }

    public void Remove(ServerTransaction tx)
    {
        if (_byKey.TryGetValue(tx.Key, out var current) && ReferenceEquals(current, tx)) _byKey.Remove(tx.Key);
        if (tx.Identity is { } identity && _byIdentity.TryGetValue(identity, out var list))
        {
            list.Remove(tx);
            if (list.Count == 0) _byIdentity.Remove(identity);
        }
    }

    /// <summary>§8.2.2.2: no To tag, and an ongoing transaction has the same From tag, Call-ID and CSeq but another key.</summary>
    public bool IsMerged(SipRequest request, TransactionKey key)
    {
        if (request.ToTag is not null || IdentityOf(request) is not { } identity) return false;
        if (!_byIdentity.TryGetValue(identity, out var list)) return false;
        foreach (var tx in list)
            if (tx.Key.Method == request.Method && tx.Key != key) return true;
        return false;
    }

    /// <summary>
    /// Lenient match for an ACK with a new branch: an INVITE server transaction in Completed/Confirmed with the
    /// same Call-ID, From tag and CSeq number whose final response carried the ACK's To tag.
    /// </summary>
    public InviteServerTransaction? FindForStrayAck(SipRequest ack)
    {
        if (ack.ToTag is not { } toTag || IdentityOf(ack) is not { } identity) return null;
        if (!_byIdentity.TryGetValue(identity, out var list)) return null;
        foreach (var tx in list)
            if (tx is InviteServerTransaction { State: TransactionState.Completed or TransactionState.Confirmed } ist
                && ist.LastResponse?.ToTag == toTag)
                return ist;
        return null;
    }

    private static (string, string, uint)? IdentityOf(SipRequest request) =>
        request.CallId is { } callId && request.CSeq is { } cseq ? (callId, request.FromTag ?? "", cseq.Number) : null;
}
