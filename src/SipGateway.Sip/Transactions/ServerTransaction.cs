using SipGateway.Sip.Message;
using SipGateway.Sip.Transport;

namespace SipGateway.Sip.Transactions;

/// <summary>
/// A request we received and the responses we send to it (RFC 3261 §17.2). The TU answers with
/// <see cref="SendResponse"/>; the transaction handles retransmissions of the request and of its responses.
/// </summary>
public abstract class ServerTransaction : SipTransaction
{
    private protected ServerTransaction(SipTransactionLayer layer, TransactionKey key, SipRequest request, SipEndPoint remote,
        SipEndPoint local, string? localTag)
        : base(layer, key, request, remote)
    {
        Local = local;
        ResponseTarget = ResponseDestination.For(request, remote);
        LocalTag = request.ToTag ?? localTag ?? SipIdentifiers.NewTag();
    }

    /// <summary>The listener that received the request.</summary>
    public SipEndPoint Local { get; }

    /// <summary>Where responses go (§18.2.2).</summary>
    public SipEndPoint ResponseTarget { get; }

    /// <summary>The To tag of this side: the request's own for in-dialog requests, else a fresh one shared by all responses (§8.2.6.2).</summary>
    public string LocalTag { get; }

    /// <summary>Call-ID, From tag and CSeq number, for the table's merged-request and stray-ACK index (§8.2.2.2).</summary>
    internal (string CallId, string FromTag, uint Sequence)? Identity { get; set; }

    /// <summary>The last response sent.</summary>
    public SipResponse? LastResponse { get; private protected set; }

    public bool HasFinalResponse => LastResponse is { IsFinal: true };

    /// <summary>True once a CANCEL matched this transaction (§9.2).</summary>
    public bool IsCancelled { get; private protected set; }

    /// <summary>A CANCEL matched: it got 200 and, if no final response had gone, the INVITE got 487 (§9.2).</summary>
    public event Action<ServerTransaction>? Cancelled;

    /// <summary>Every response passed to the transport by <see cref="SendResponse"/> (not retransmissions).</summary>
    public event Action<ServerTransaction, SipResponse>? ResponseSent;

    /// <summary>Timer H fired: the ACK for a non-2xx final response never came (§17.2.1).</summary>
    public event Action<ServerTransaction>? TimedOut;

    /// <summary>The transport could not deliver a response (§17.2.4).</summary>
    public event Action<ServerTransaction>? TransportFailed;

    /// <summary>A response to this request with this side's To tag (none on 100, §8.2.6.2).
    /// Once the request is let go (see <see cref="SipTransaction.Request"/>), built from the last response instead: the
    /// transaction will refuse it anyway, but a late "answer unless answered" must get false, not an exception.</summary>
    public SipResponse CreateResponse(int statusCode, string? reasonPhrase = null) =>
        !HoldsRequest && LastResponse is { } sent
            ? SipResponseFactory.CreateLike(sent, statusCode, reasonPhrase)
            : SipResponseFactory.Create(Request, statusCode, reasonPhrase, LocalTag);

    /// <summary>Sends a response. False when the state no longer allows one (e.g. a second final response).</summary>
    public abstract bool SendResponse(SipResponse response);

    /// <summary>The request came again with the same key.</summary>
    internal abstract void OnRetransmission();

    // Each Raise method reads its handler now, when the event happens: handlers released right after (see
    // ReleaseHandlersLocked) still get a notification that was already due.
    private protected Action RaiseResponseSent(SipResponse response)
    {
        var handler = ResponseSent;
        return handler is null ? static () => { } : () => Layer.Notify(() => handler(this, response));
    }

    private protected Action RaiseCancelled() => Notifying(Cancelled);

    private protected Action RaiseTimedOut() => Notifying(TimedOut);

    private protected Action RaiseTransportFailed() => Notifying(TransportFailed);

    private Action Notifying(Action<ServerTransaction>? handler) =>
        handler is null ? static () => { } : () => Layer.Notify(() => handler(this));

    /// <summary>After the final response: a CANCEL no longer applies (§9.2); once nothing more can be sent (a non-2xx
    /// final, or any final of a non-INVITE) no response will be reported either; and only an INVITE's non-2xx final
    /// waits for an ACK that can time out (Timer H).</summary>
    private protected void ReleaseAfterFinalLocked(bool moreResponsesPossible, bool ackAwaited)
    {
        Cancelled = null;
        if (!moreResponsesPossible) ResponseSent = null;
        if (!ackAwaited) TimedOut = null;
    }

    private protected override void ReleaseHandlersLocked()
    {
        Cancelled = null;
        ResponseSent = null;
        TimedOut = null;
        TransportFailed = null;
    }

    /// <summary>The transport could not deliver a response (§17.2.4): the transaction ends and the TU is told.</summary>
    internal override void OnTransportFailure()
    {
        Action after;
        lock (Gate)
        {
            if (State == TransactionState.Terminated) return;
            var failed = RaiseTransportFailed();
            after = TerminateLocked();
            after += failed;
        }
        after();
    }
}
