using SipGateway.Media.Relay;
using SipGateway.Routing;
using SipGateway.Sip.Sdp;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// A blind transfer in progress: the transfer target's INVITEs (the owner of their <see cref="OutboundAttempt"/>s),
/// the RTP leg they offer, and whether one of them was answered. Guarded by its own lock.
/// </summary>
internal sealed class TransferAttempt(Call call, CallLeg transferor, CallLeg transferee, RtpLeg media, List<CallTarget> targets,
    FailoverRules? failover, bool sequential)
{
    public Call Call { get; } = call;
    public CallLeg Transferor { get; } = transferor;
    public CallLeg Transferee { get; } = transferee;
    public RtpLeg Media { get; } = media;
    public List<CallTarget> Targets { get; } = targets;
    /// <summary>Route members, tried one at a time by <see cref="Failover"/>; a line's contacts ring at once.</summary>
    public bool Sequential { get; } = sequential;
    public FailoverRules? Failover { get; } = failover;
    public int NextTarget { get; set; }
    public List<OutboundAttempt> Pending { get; } = [];
    public SdpSessionDescription? Offer { get; set; }
    public bool Done { get; set; }
}
