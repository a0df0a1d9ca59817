using SipGateway.Sip.Message;
using SipGateway.Sip.Transport;

namespace SipGateway.Sip.Transactions;

/// <summary>
/// A request we send and the responses it gets (RFC 3261 §17.1). Provisional responses are events; the final
/// response (received, or a synthesised 408 on timeout / 503 on transport failure, §8.1.3.1) completes
/// <see cref="FinalResponse"/>. <see cref="FinalResponseReceived"/> is raised synchronously before the task completes,
/// for layers (the dialog router) that must act before anyone else sees the response.
/// </summary>
public abstract class ClientTransaction : SipTransaction
{
    private readonly TaskCompletionSource<SipResponse> _final = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _started;

    private protected ClientTransaction(SipTransactionLayer layer, TransactionKey key, SipRequest request, SipEndPoint destination)
        : base(layer, key, request, destination) { }

    public SipEndPoint Destination => Remote;

    public Task<SipResponse> FinalResponse => _final.Task;

    /// <summary>The last response received or synthesised.</summary>
    public SipResponse? LastResponse { get; private protected set; }

    public event Action<ClientTransaction, SipResponse>? ProvisionalReceived;
    public event Action<ClientTransaction, SipResponse>? FinalResponseReceived;

    /// <summary>Sends the request and starts the timers. Subscribe to the events first.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) != 0) return;
        StartCore();
    }

    private protected abstract void StartCore();

    internal abstract void OnResponse(SipResponse response);

    private protected Action RaiseProvisional(SipResponse response)
    {
        LastResponse = response;
        var handler = ProvisionalReceived;
        return handler is null ? static () => { } : () => Layer.Notify(() => handler(this, response));
    }

    /// <summary>Reports the final response, the last thing a client transaction tells its user: an INVITE's 2xx ends
    /// it (§17.1.1.2; retransmitted 2xx go to the dialog), and retransmitted non-2xx finals are absorbed here. So the
    /// handlers are released now rather than held through Timer D or K.</summary>
    private protected Action DeliverFinal(SipResponse response)
    {
        LastResponse = response;
        var handler = FinalResponseReceived;
        ReleaseHandlersLocked();
        return () =>
        {
            if (handler is not null) Layer.Notify(() => handler(this, response));
            _final.TrySetResult(response);
        };
    }

    private protected override void ReleaseHandlersLocked()
    {
        ProvisionalReceived = null;
        FinalResponseReceived = null;
    }

    /// <summary>A response the transaction makes up for the TU: 408 on timeout, 503 on transport failure (§8.1.3.1, §17.1.4).</summary>
    /// <summary>
    /// Ends the transaction with a synthesised final response (408 on Timer B/F, 503 on a transport failure,
    /// §17.1.1.2, §17.1.2.2, §8.1.3.1) when it is still waiting for one in one of <paramref name="waiting"/>.
    /// </summary>
    private protected void FailIfIn(int statusCode, TransactionState waiting, TransactionState alsoWaiting)
    {
        Action after;
        lock (Gate)
        {
            if (State != waiting && State != alsoWaiting) return;
            after = DeliverFinal(Synthesize(statusCode));
            after += TerminateLocked();
        }
        after();
    }

    private protected void FailIfIn(int statusCode, TransactionState waiting) => FailIfIn(statusCode, waiting, waiting);

    private protected SipResponse Synthesize(int statusCode) => SipResponseFactory.Create(Request, statusCode);
}
