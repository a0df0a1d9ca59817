namespace SipGateway.Sip.Timing;

/// <summary>
/// One scheduled timer. It is also the node of its wheel slot's doubly linked list, which is what makes
/// cancellation O(1): unlinking needs no search.
/// </summary>
public sealed class TimerHandle
{
    internal TimerHandle(TimerWheel wheel, Action callback, long dueTick)
    {
        Wheel = wheel;
        Callback = callback;
        DueTick = dueTick;
    }

    internal TimerWheel Wheel { get; }
    internal Action Callback { get; }
    internal long DueTick { get; }
    internal TimerHandle? Previous;
    internal TimerHandle? Next;
    internal int Slot = -1;

    /// <summary>True while the timer is scheduled and has neither fired nor been cancelled.</summary>
    public bool IsPending => Slot >= 0;

    /// <summary>Cancels the timer; false when it already fired (or is firing) or was cancelled.</summary>
    public bool Cancel() => Wheel.Cancel(this);
}
