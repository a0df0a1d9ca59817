using SipGateway.Sip.Message;
using SipGateway.Sip.Timing;
using SipGateway.Sip.Transport;

namespace SipGateway.Sip.Transactions;

/// <summary>The non-INVITE client transaction of RFC 3261 §17.1.2 (Figure 6): Timers E, F and K.</summary>
public sealed class NonInviteClientTransaction : ClientTransaction
{
    private TimerHandle? _timerE, _timerF, _timerK;
    private TimeSpan _intervalE;

    internal NonInviteClientTransaction(SipTransactionLayer layer, TransactionKey key, SipRequest request, SipEndPoint destination)
        : base(layer, key, request, destination) => State = TransactionState.Trying;

    private protected override void StartCore()
    {
        lock (Gate)
        {
            Transmit(Request, Remote);
            if (!IsReliable)
            {
                _intervalE = Timers.T1;
                _timerE = Schedule(_intervalE, OnTimerE);
            }
            _timerF = Schedule(Timers.SixtyFourT1, OnTimerF);
        }
    }

    private void OnTimerE()
    {
        lock (Gate)
        {
            if (State is not (TransactionState.Trying or TransactionState.Proceeding)) return;
            Transmit(Request, Remote);
            // §17.1.2.2: doubling capped at T2 while Trying; a flat T2 once a provisional has arrived.
            _intervalE = State == TransactionState.Proceeding ? Timers.T2 : Min(_intervalE * 2, Timers.T2);
            _timerE = Schedule(_intervalE, OnTimerE);
        }
    }

    private void OnTimerF() => FailIfIn(408, TransactionState.Trying, TransactionState.Proceeding);

    private void OnTimerK() => TerminateIfIn(TransactionState.Completed);

    internal override void OnResponse(SipResponse response)
    {
        Action? after = null;
        lock (Gate)
        {
            if (State is not (TransactionState.Trying or TransactionState.Proceeding)) return; // Completed: Timer K absorbs.
            if (response.IsProvisional)
            {
                State = TransactionState.Proceeding;
                after = RaiseProvisional(response);
            }
            else
            {
                State = TransactionState.Completed;
                Cancel(ref _timerE);
                Cancel(ref _timerF);
                after = DeliverFinal(response);
                if (IsReliable) after += TerminateLocked();
                else _timerK = Schedule(Timers.T4, OnTimerK);
            }
        }
        after?.Invoke();
    }

    internal override void OnTransportFailure() => FailIfIn(503, TransactionState.Trying, TransactionState.Proceeding);

    private protected override void CancelTimersLocked()
    {
        Cancel(ref _timerE);
        Cancel(ref _timerF);
        Cancel(ref _timerK);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
