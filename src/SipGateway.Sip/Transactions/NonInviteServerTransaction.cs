using SipGateway.Sip.Message;
using SipGateway.Sip.Timing;
using SipGateway.Sip.Transport;

namespace SipGateway.Sip.Transactions;

/// <summary>The non-INVITE server transaction of RFC 3261 §17.2.2 (Figure 8): Timer J.</summary>
public sealed class NonInviteServerTransaction : ServerTransaction
{
    private TimerHandle? _timerJ;

    internal NonInviteServerTransaction(SipTransactionLayer layer, TransactionKey key, SipRequest request, SipEndPoint remote,
        SipEndPoint local, string? localTag = null)
        : base(layer, key, request, remote, local, localTag) => State = TransactionState.Trying;

    public override bool SendResponse(SipResponse response)
    {
        Action? after = null;
        lock (Gate)
        {
            if (State is not (TransactionState.Trying or TransactionState.Proceeding)) return false;
            LastResponse = response;
            Transmit(response, ResponseTarget);
            after = RaiseResponseSent(response);
            if (response.IsProvisional) State = TransactionState.Proceeding;
            else
            {
                State = TransactionState.Completed;
                ReleaseAfterFinalLocked(moreResponsesPossible: false, ackAwaited: false);
                if (IsReliable) after += TerminateLocked();
                else
                {
                    _timerJ = Schedule(Timers.SixtyFourT1, OnTimerJ);
                    // After the notifications above (their handlers may still read the request), only the key and
                    // the response are needed to answer retransmissions.
                    after += LetGoOfRequest;
                }
            }
        }
        after();
        return true;
    }

    internal override void OnRetransmission()
    {
        lock (Gate)
        {
            // §17.2.2: discarded in Trying (nothing to resend yet); the last response again in Proceeding/Completed.
            if (State is TransactionState.Proceeding or TransactionState.Completed && LastResponse is not null)
                Transmit(LastResponse, ResponseTarget);
        }
    }

    private void OnTimerJ() => TerminateIfIn(TransactionState.Completed);


    private protected override void CancelTimersLocked() => Cancel(ref _timerJ);
}
