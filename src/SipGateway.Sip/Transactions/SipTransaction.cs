using SipGateway.Sip.Message;
using SipGateway.Sip.Timing;
using SipGateway.Sip.Transport;

namespace SipGateway.Sip.Transactions;

/// <summary>
/// What client and server transactions share: the key, the request, the peer, a lock, and access to the layer's
/// sender and timers. State changes happen under <see cref="Gate"/>; notifications to the TU are collected as
/// actions and run after the lock is released, so a TU handler can never deadlock a transaction.
/// </summary>
public abstract class SipTransaction
{
    private protected readonly object Gate = new();
    private int _terminated;

    private protected SipTransaction(SipTransactionLayer layer, TransactionKey key, SipRequest request, SipEndPoint remote)
    {
        Layer = layer;
        Key = key;
        _request = request;
        Remote = remote;
    }

    private SipRequest? _request;

    private protected SipTransactionLayer Layer { get; }
    public TransactionKey Key { get; }
    /// <summary>The request. A server transaction lets go of it once it only absorbs retransmissions
    /// (<see cref="LetGoOfRequest"/>): a non-INVITE one after its final response over UDP, an INVITE one once its 2xx
    /// is ACKed. Reading it after that is a bug in the caller (keep your own reference) and throws.</summary>
    public SipRequest Request => _request
        ?? throw new InvalidOperationException($"{this}: the request was let go when the transaction started only absorbing retransmissions");

    /// <summary>The peer: the destination of a client transaction, the source of a server transaction's request.</summary>
    public SipEndPoint Remote { get; }

    public TransactionState State { get; private protected set; }

    public bool IsInvite => Key.Method == SipMethods.Invite;

    /// <summary>Raised once when the transaction reaches Terminated and leaves the layer's tables.</summary>
    public event Action<SipTransaction>? Terminated;

    /// <summary>No retransmissions and zero-length absorb timers on reliable transports (§17.1.1.2, §17.1.2.2, §17.2.1, §17.2.2).</summary>
    private protected bool IsReliable => Remote.Transport.IsReliable();

    private protected SipTimerSettings Timers => Layer.Settings;

    private protected TimerHandle Schedule(TimeSpan delay, Action callback) => Layer.Scheduler.Schedule(delay, callback);

    private protected void Transmit(SipMessage message, SipEndPoint destination) => Layer.Transmit(message, destination, this);

    /// <summary>The transport could not send one of our messages (§17.1.4, §17.2.4). Runs off any lock.</summary>
    internal abstract void OnTransportFailure();

    /// <summary>Call with <see cref="Gate"/> held: moves to Terminated, stops timers, and returns what to do after the lock.</summary>
    private protected Action TerminateLocked()
    {
        State = TransactionState.Terminated;
        CancelTimersLocked();
        if (Interlocked.Exchange(ref _terminated, 1) != 0) return static () => { };
        var terminated = Terminated;
        Terminated = null;
        ReleaseHandlersLocked();
        return () =>
        {
            Layer.Remove(this);
            if (terminated is not null) Layer.Notify(() => terminated(this));
        };
    }

    private protected abstract void CancelTimersLocked();

    /// <summary>Drops the transaction user's event handlers once they can no longer be raised. A transaction lingers
    /// after its final response (Timers D, J, L: 32 s on UDP) to absorb retransmissions; a handler kept that long would
    /// keep its call (legs, dialogs, SDP, media objects) alive with it, and at a few thousand calls a second that is
    /// what the garbage collector spends its time copying. Raise methods read the handler when the event happens, so a
    /// notification already on its way still arrives.</summary>
    private protected virtual void ReleaseHandlersLocked() { }

    /// <summary>A timer whose only job is to end the transaction in one state (Timers D, I, J, K, L).</summary>
    private protected void TerminateIfIn(TransactionState state)
    {
        Action after;
        lock (Gate)
        {
            if (State != state) return;
            after = TerminateLocked();
        }
        after();
    }

    /// <summary>Drops the request once only its key and last response matter. Timer J keeps a non-INVITE server
    /// transaction 32 s on UDP (§17.2.2) to answer retransmissions, and an ACKed INVITE one lingers T4: at 2,000 calls/s
    /// that is 64,000 BYEs and 10,000 INVITEs held, each with its datagram and parsed headers, and what outlives a few
    /// collections is what the garbage collector copies (GET /api/diagnostics/gc: 14 KB promoted per call, 7 KB with
    /// no BYE transactions lingering).</summary>
    private protected void LetGoOfRequest() => _request = null;

    private protected bool HoldsRequest => _request is not null;

    private protected static void Cancel(ref TimerHandle? timer)
    {
        timer?.Cancel();
        timer = null;
    }

    public override string ToString() => $"{GetType().Name}({Key.Method} {Key.Branch}, {State})";
}
