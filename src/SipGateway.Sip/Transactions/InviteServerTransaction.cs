using SipGateway.Sip.Message;
using SipGateway.Sip.Timing;
using SipGateway.Sip.Transport;

namespace SipGateway.Sip.Transactions;

/// <summary>
/// The INVITE server transaction of RFC 3261 §17.2.1 (Figure 7): 100 Trying, Timers G, H and I. After a 2xx it
/// waits in the Accepted state of RFC 6026 for 64*T1 (Timer L) so INVITE retransmissions are absorbed instead of
/// reaching the TU as new calls; the 2xx itself is resent by the UAS core (<see cref="SuccessResponseRetransmitter"/>).
/// </summary>
public sealed class InviteServerTransaction : ServerTransaction
{
    private TimerHandle? _timerG, _timerH, _timerI, _timerL;
    private TimeSpan _intervalG;

    internal InviteServerTransaction(SipTransactionLayer layer, TransactionKey key, SipRequest request, SipEndPoint remote,
        SipEndPoint local, string? localTag = null)
        : base(layer, key, request, remote, local, localTag) => State = TransactionState.Proceeding;

    /// <summary>§17.2.1: a 100 at once, so the client stops retransmitting while the TU decides.</summary>
    internal void SendTrying() => SendResponse(SipResponseFactory.Create(Request, 100));

    public override bool SendResponse(SipResponse response)
    {
        Action? after = null;
        lock (Gate)
        {
            switch (State)
            {
                case TransactionState.Proceeding when response.IsProvisional:
                    LastResponse = response;
                    Transmit(response, ResponseTarget);
                    break;
                case TransactionState.Proceeding when response.IsSuccess:
                    LastResponse = response;
                    // Registered before the 2xx leaves, so even an instant ACK finds the retransmitter to stop.
                    Layer.StartSuccessRetransmission(this, response);
                    Transmit(response, ResponseTarget);
                    State = TransactionState.Accepted;
                    _timerL = Schedule(Timers.SixtyFourT1, OnTimerL);
                    // RFC 6026 §7.1: the TU may still send other 2xx through it; only those are still reported.
                    after = RaiseResponseSent(response);
                    ReleaseAfterFinalLocked(moreResponsesPossible: true, ackAwaited: false);
                    break;
                case TransactionState.Proceeding:
                    LastResponse = response;
                    Transmit(response, ResponseTarget);
                    State = TransactionState.Completed;
                    if (!IsReliable)
                    {
                        _intervalG = Timers.T1;
                        _timerG = Schedule(_intervalG, OnTimerG);
                    }
                    _timerH = Schedule(Timers.SixtyFourT1, OnTimerH);
                    after = RaiseResponseSent(response);
                    ReleaseAfterFinalLocked(moreResponsesPossible: false, ackAwaited: true);
                    break;
                case TransactionState.Accepted when response.IsSuccess:
                    // RFC 6026 §7.1: further 2xx from the TU (e.g. a B2BUA relaying another fork) still go out.
                    Transmit(response, ResponseTarget);
                    break;
                default:
                    return false;
            }
        }
        (after ?? RaiseResponseSent(response))();
        return true;
    }

    internal override void OnRetransmission()
    {
        lock (Gate)
        {
            // Proceeding: resend the latest provisional; Completed: the final (§17.2.1). Accepted/Confirmed absorb.
            if (State is TransactionState.Proceeding or TransactionState.Completed && LastResponse is not null)
                Transmit(LastResponse, ResponseTarget);
        }
    }

    /// <summary>Our 2xx was acknowledged (§13.3.1.4). A UAS core sends one 2xx per INVITE, so the transaction user has
    /// nothing more to hear from this transaction; its handlers and its request are released, and it lingers only
    /// <see cref="SipTimerSettings.AcceptedAfterAck"/> more for delayed duplicates of the INVITE.</summary>
    internal void OnSuccessAcknowledged()
    {
        lock (Gate)
        {
            if (State != TransactionState.Accepted) return;
            ReleaseHandlersLocked();
            // Absorbing duplicates needs only the key; the INVITE (with its SDP) would otherwise live on with the
            // transaction into the collector's oldest generation. A call that needs it keeps its own reference.
            LetGoOfRequest();
            if (Timers.AcceptedAfterAck > TimeSpan.Zero && Timers.AcceptedAfterAck < Timers.SixtyFourT1)
            {
                Cancel(ref _timerL);
                _timerL = Schedule(Timers.AcceptedAfterAck, OnTimerL);
            }
        }
    }

    /// <summary>An ACK matched this transaction. False when it is not ours to absorb (the ACK of a 2xx, §17.2.1).</summary>
    internal bool OnAck()
    {
        Action? after = null;
        lock (Gate)
        {
            switch (State)
            {
                case TransactionState.Completed:
                    State = TransactionState.Confirmed;
                    Cancel(ref _timerG);
                    Cancel(ref _timerH);
                    if (IsReliable) after = TerminateLocked();
                    else _timerI = Schedule(Timers.T4, OnTimerI);
                    break;
                case TransactionState.Confirmed:
                    break; // Timer I absorbs ACK retransmissions.
                default:
                    return false;
            }
        }
        after?.Invoke();
        return true;
    }

    /// <summary>
    /// A CANCEL matched (§9.2). Without a final response yet, the INVITE gets 487 and the TU is told; after one,
    /// the CANCEL "has no effect" on the INVITE, so an answered call is never torn down by a late CANCEL.
    /// </summary>
    internal void OnCancel()
    {
        Action cancelled;
        lock (Gate)
        {
            if (IsCancelled || State != TransactionState.Proceeding) return;
            IsCancelled = true;
            // Taken before the 487, which releases the handler (a final response ends what CANCEL can do).
            cancelled = RaiseCancelled();
        }
        SendResponse(CreateResponse(487));
        cancelled();
    }

    private void OnTimerG()
    {
        lock (Gate)
        {
            if (State != TransactionState.Completed) return;
            Transmit(LastResponse!, ResponseTarget);
            _intervalG = _intervalG * 2 < Timers.T2 ? _intervalG * 2 : Timers.T2;
            _timerG = Schedule(_intervalG, OnTimerG);
        }
    }

    private void OnTimerH()
    {
        Action after;
        lock (Gate)
        {
            if (State != TransactionState.Completed) return;
            var timedOut = RaiseTimedOut();
            after = TerminateLocked();
            after += timedOut;
        }
        after();
    }

    private void OnTimerI() => TerminateIfIn(TransactionState.Confirmed);

    private void OnTimerL() => TerminateIfIn(TransactionState.Accepted);


    private protected override void CancelTimersLocked()
    {
        Cancel(ref _timerG);
        Cancel(ref _timerH);
        Cancel(ref _timerI);
        Cancel(ref _timerL);
    }
}
