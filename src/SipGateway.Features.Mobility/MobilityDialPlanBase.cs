using SipGateway.Calls.Lines;
using SipGateway.Routing;

namespace SipGateway.Features.Mobility;

/// <summary>
/// The configured dial plan before any login: what the plan is rebuilt from each time logins change. Each device's
/// lines are its logout configuration; <see cref="LineRules"/> holds their rules per device.
/// </summary>
public sealed record MobilityDialPlanBase(
    DialPlanOptions Options,
    IReadOnlyList<DeviceDefinition> Devices,
    IReadOnlyList<TrunkDefinition> Trunks,
    IReadOnlyDictionary<string, IReadOnlyList<LineRules>> LineRules);
