namespace SipGateway.Calls.CallControl;

/// <summary>
/// Places the calls a page makes to SIP phones that cannot join multicast: an auto-answer INVITE with a sendonly
/// G.711 mu-law offer to the phone's registered contact, the page audio then sent to it as unicast RTP. Implemented
/// by the B2BUA (it owns the SIP dialogs and RTP ports); used by the paging feature.
/// </summary>
public interface IPagingDialer
{
    /// <summary>Calls <paramref name="device"/>; completes when it answered (or failed, with the reason). Cancelling
    /// the token cancels an unanswered INVITE. <paramref name="sendOnly"/> false offers sendrecv, for softphones that
    /// do not play a stream they answered recvonly (baresip 1.0).</summary>
    Task<PagingLegResult> CallAsync(string device, string display, bool sendOnly, CancellationToken cancellationToken);
}

/// <summary>An answered paging call (<see cref="Leg"/>) or why there is none (<see cref="Failure"/>).</summary>
public sealed record PagingLegResult(PagingLeg? Leg, string? Failure);
