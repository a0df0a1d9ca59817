using SipGateway.Calls.Lines;
using SipGateway.Routing;

namespace SipGateway.Features.Mobility;

/// <summary>
/// A user device profile (config <c>DeviceProfiles</c>): the lines, display name and speed dials a phone takes while
/// the user is logged in to it. Each line carries its partition and line CSS (searched before the phone's device CSS)
/// and its line rules (forwards, DND, busy trigger).
/// </summary>
public sealed record DeviceProfile
{
    public required string Name { get; init; }
    public string? DisplayName { get; init; }
    public IReadOnlyList<ProfileLine> Lines { get; init; } = [];
    public IReadOnlyList<SpeedDial> SpeedDials { get; init; } = [];
}

/// <summary>One line of a device profile: where it lives for digit analysis, and how it handles calls.</summary>
public sealed record ProfileLine(DeviceLineDefinition Routing, LineRules Rules, string? DisplayName);

/// <summary>A speed dial button of a profile.</summary>
public sealed record SpeedDial(string Number, string? Label);
