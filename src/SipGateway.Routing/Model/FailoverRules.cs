namespace SipGateway.Routing;

/// <summary>
/// When to try the next route group member, as UCM does: advance on any failure (no answer, transport
/// error, 408, 480, 5xx, ...) except User Busy (486, 600) and Unallocated Number (404, 485), which stop
/// unless their "Stop Routing on ..." flag is off; never once media negotiation has started.
/// </summary>
public sealed class FailoverRules
{
    public FailoverRules(bool stopRoutingOnUserBusy, bool stopRoutingOnUnallocatedNumber)
    {
        StopRoutingOnUserBusy = stopRoutingOnUserBusy;
        StopRoutingOnUnallocatedNumber = stopRoutingOnUnallocatedNumber;
    }

    public bool StopRoutingOnUserBusy { get; }

    public bool StopRoutingOnUnallocatedNumber { get; }

    public static IReadOnlyList<int> UserBusyStatuses { get; } = [486, 600];

    public static IReadOnlyList<int> UnallocatedNumberStatuses { get; } = [404, 485];

    /// <param name="sipStatus">Final status from the member, or null for a timeout/no response/transport error.</param>
    /// <param name="mediaNegotiationStarted">True once an SDP answer (early media) was received from the member.</param>
    public bool ShouldTryNextMember(int? sipStatus, bool mediaNegotiationStarted)
    {
        if (mediaNegotiationStarted) return false;
        if (sipStatus is not int status) return true;
        if (status < 400) return false;
        // 487: the caller cancelled; there is nobody left to route for.
        if (status == 487) return false;
        if (status is 486 or 600) return !StopRoutingOnUserBusy;
        if (status is 404 or 485) return !StopRoutingOnUnallocatedNumber;
        return true;
    }
}
