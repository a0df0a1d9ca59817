using Microsoft.Extensions.Logging;
using SipGateway.Calls.CallControl;
using SipGateway.Calls.Lines;
using SipGateway.Routing;

namespace SipGateway.Features.Mobility;

/// <summary>
/// Puts logins into effect on the call side: rebuilds the dial plan with each logged-in phone carrying its profile's
/// lines instead of its logout lines (the phone's device CSS and device pool stay, so its calls search the profile's
/// line CSS and then the phone's device CSS, and emergency calls keep the phone's local route group), and swaps it in.
/// The phone's registration is untouched: the registrar binds by device, so calls to the profile DNs reach the
/// contacts the phone already registered.
/// </summary>
public sealed class ProfileLineSwitch(MobilityDialPlanBase basePlan, MobilityDirectory directory, IDialPlanSwitch target, ILogger logger)
{
    private readonly Lock _build = new();
    private long _requested;
    private long _applied;

    public long Rebuilds { get; private set; }

    /// <summary>The plan and line rules for these logins.</summary>
    public (DialPlan Plan, List<LineRules> Lines) Compose(IEnumerable<MobilityLogin> logins)
    {
        var byDevice = new Dictionary<string, DeviceProfile>(StringComparer.OrdinalIgnoreCase);
        foreach (var login in logins)
            if (directory.Profile(login.Profile) is { } profile) byDevice[login.Device] = profile;
        var devices = new List<DeviceDefinition>(basePlan.Devices.Count);
        var lines = new List<LineRules>();
        foreach (var d in basePlan.Devices)
        {
            if (byDevice.TryGetValue(d.Name, out var profile))
            {
                devices.Add(new DeviceDefinition { Name = d.Name, DevicePool = d.DevicePool, Css = d.Css, Lines = profile.Lines.Select(l => l.Routing).ToList() });
                lines.AddRange(profile.Lines.Select(l => l.Rules));
            }
            else
            {
                devices.Add(d);
                if (basePlan.LineRules.TryGetValue(d.Name, out var rules)) lines.AddRange(rules);
            }
        }
        return (DialPlan.Build(basePlan.Options, devices, basePlan.Trunks), lines);
    }

    /// <summary>
    /// Makes the logins <paramref name="snapshot"/> returns take effect before returning. Call it after changing the
    /// logins: concurrent callers share one rebuild (the first to get the lock builds with every change made so far,
    /// and the others find their change already applied), so a burst of logins costs a few rebuilds, not one each.
    /// </summary>
    public void Apply(Func<IReadOnlyCollection<MobilityLogin>> snapshot)
    {
        long mine = Interlocked.Increment(ref _requested);
        lock (_build)
        {
            if (Volatile.Read(ref _applied) >= mine) return;
            long covers = Volatile.Read(ref _requested);
            var (plan, lines) = Compose(snapshot());
            target.ReplaceDialPlan(plan, lines);
            Volatile.Write(ref _applied, covers);
            Rebuilds++;
            logger.LogDebug("Dial plan rebuilt for Extension Mobility ({Devices} devices, {Dns} directory numbers)", plan.Devices.Count, plan.DirectoryNumbers.Count);
        }
    }
}
