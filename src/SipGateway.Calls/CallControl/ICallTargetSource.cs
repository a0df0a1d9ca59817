using SipGateway.Routing;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// Targets for devices of a directory number that ring somewhere other than their registered contacts (a plug-in's
/// devices, reached through digit analysis or a URI trunk). Registered with the B2BUA by the host or a feature and
/// consulted in registration order when a call to a DN is resolved: after the line's rules (Call Forward All, DND,
/// busy trigger) and after the DN's registered contacts. Call control names no source.
/// </summary>
public interface ICallTargetSource
{
    /// <summary>
    /// A device of <paramref name="dn"/> takes the call without ringing (say a leg to it is up already): the gateway
    /// answers the caller itself for it (<see cref="LocalAnswer"/>). Asked only for a call dialled to the DN, not one
    /// forwarded or redirected to it, after the line's rules and before any target is added; null lets the line ring.
    /// </summary>
    LocalAnswer? AnswerWithoutRinging(Call call, DirectoryNumber dn) => null;

    /// <summary>Adds to <paramref name="targets"/> what rings for the devices of <paramref name="dn"/> this source serves
    /// (none when a device has nothing to ring now), and says how many of the DN's devices it serves.</summary>
    TargetCoverage AddTargets(Call call, DirectoryNumber dn, List<CallTarget> targets);

    /// <summary>Every device of <paramref name="dn"/> is this source's and none has anything to ring: what the caller is told.</summary>
    NothingToRing WhenNothingRings(DirectoryNumber dn);
}

/// <summary>How many of a DN's devices a <see cref="ICallTargetSource"/> serves.</summary>
public enum TargetCoverage { None, Some, Every }

/// <summary>
/// A line whose every device belongs to a target source with nothing to ring: Call Forward No Answer applies when the
/// line has one (<paramref name="ForwardReason"/>, as the forward's "why"), else the caller gets 486 (<paramref name="BusyReason"/>).
/// </summary>
public readonly record struct NothingToRing(string ForwardReason, string BusyReason);
