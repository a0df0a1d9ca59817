using SipGateway.Sip.Message;
using SipGateway.Sip.Timing;
using SipGateway.Sip.Transport;

namespace SipGateway.Sip.Transactions;

/// <summary>The INVITE client transaction of RFC 3261 §17.1.1 (Figure 5): Timers A, B and D.</summary>
public sealed class InviteClientTransaction : ClientTransaction
{
    private TimerHandle? _timerA, _timerB, _timerD;
    private TimeSpan _intervalA;
    private SipRequest? _ack;
    private bool _cancelRequested;
    private string? _cancelReason;
    private ClientTransaction? _cancel;

    internal InviteClientTransaction(SipTransactionLayer layer, TransactionKey key, SipRequest request, SipEndPoint destination)
        : base(layer, key, request, destination) => State = TransactionState.Calling;

    /// <summary>The ACK sent for a non-2xx final response (§17.1.1.3), once there is one.</summary>
    public SipRequest? Ack { get { lock (Gate) return _ack; } }

    /// <summary>True once the TU asked to cancel; a 2xx that still arrives is answered with ACK and BYE by the layer (§9.1).</summary>
    public bool IsCancelRequested { get { lock (Gate) return _cancelRequested; } }

    /// <summary>The CANCEL's own transaction, once it has been sent.</summary>
    public ClientTransaction? CancelTransaction { get { lock (Gate) return _cancel; } }

    private protected override void StartCore()
    {
        lock (Gate)
        {
            Transmit(Request, Remote);
            if (!IsReliable)
            {
                _intervalA = Timers.T1;
                _timerA = Schedule(_intervalA, OnTimerA);
            }
            _timerB = Schedule(Timers.SixtyFourT1, OnTimerB);
        }
    }

    private void OnTimerA()
    {
        lock (Gate)
        {
            if (State != TransactionState.Calling) return;
            Transmit(Request, Remote);
            // §17.1.1.2: the INVITE retransmit interval doubles with no T2 cap (unlike Timer E).
            _intervalA *= 2;
            _timerA = Schedule(_intervalA, OnTimerA);
        }
    }

    private void OnTimerB() => FailIfIn(408, TransactionState.Calling);

    private void OnTimerD() => TerminateIfIn(TransactionState.Completed);

    internal override void OnResponse(SipResponse response)
    {
        Action? after = null;
        lock (Gate)
        {
            switch (State)
            {
                case TransactionState.Calling or TransactionState.Proceeding when response.IsProvisional:
                    State = TransactionState.Proceeding;
                    Cancel(ref _timerA);
                    Cancel(ref _timerB);
                    after += RaiseProvisional(response);
                    // §9.1: a CANCEL asked for before any provisional is sent now that the server is known to be there.
                    if (_cancelRequested && _cancel is null) after += SendCancelLocked();
                    break;
                case TransactionState.Calling or TransactionState.Proceeding when response.IsSuccess:
                    // §17.1.1.2: a 2xx ends the transaction; the TU sends the ACK. If we cancelled, the UAC core
                    // acknowledges and hangs up itself (§9.1, §15).
                    if (_cancelRequested) after += () => Layer.AcknowledgeAndHangUp(this, response);
                    after += DeliverFinal(response);
                    after += TerminateLocked();
                    break;
                case TransactionState.Calling or TransactionState.Proceeding:
                    State = TransactionState.Completed;
                    Cancel(ref _timerA);
                    Cancel(ref _timerB);
                    _ack = AckRequestBuilder.ForNonSuccess(Request, response);
                    Transmit(_ack, Remote);
                    after += DeliverFinal(response);
                    if (IsReliable) after += TerminateLocked();
                    else _timerD = Schedule(Timers.TimerD, OnTimerD);
                    break;
                case TransactionState.Completed when response.StatusCode >= 300:
                    // Timer D absorbs retransmitted finals; each one means our ACK was lost, so send it again.
                    Transmit(_ack!, Remote);
                    break;
            }
        }
        after?.Invoke();
    }

    /// <summary>Asks for a CANCEL (§9.1). False when a final response already came and there is nothing to cancel.</summary>
    internal bool RequestCancel(string? reason)
    {
        Action? after = null;
        lock (Gate)
        {
            if (State is not (TransactionState.Calling or TransactionState.Proceeding)) return false;
            if (_cancelRequested) return true;
            _cancelRequested = true;
            _cancelReason = reason;
            // §9.1: no CANCEL before a provisional response; in Calling it waits for the first one.
            if (State == TransactionState.Proceeding) after = SendCancelLocked();
        }
        after?.Invoke();
        return true;
    }

    private Action SendCancelLocked()
    {
        var cancel = Layer.CreateClientTransaction(CancelRequestBuilder.Build(Request, _cancelReason), Remote);
        _cancel = cancel;
        return cancel.Start;
    }

    internal override void OnTransportFailure()
    {
        Action after;
        lock (Gate)
        {
            if (State is TransactionState.Calling or TransactionState.Proceeding) after = DeliverFinal(Synthesize(503));
            else if (State == TransactionState.Completed) after = static () => { };
            else return;
            after += TerminateLocked();
        }
        after();
    }

    private protected override void CancelTimersLocked()
    {
        Cancel(ref _timerA);
        Cancel(ref _timerB);
        Cancel(ref _timerD);
    }
}
