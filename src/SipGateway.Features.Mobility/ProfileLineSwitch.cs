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
public sealed class ProfileLineSwitch(MobilityDialPlanBase basePlan, MobilityDirectory directory, IDialPlanSwitch target, TimeProvider time, ILogger logger)
{
    private readonly Lock _build = new();
    /// <summary>Held from snapshot to swap: builds never overlap, so the plan swapped in last is from the latest snapshot.</summary>
    private readonly Lock _replace = new();
    private TaskCompletionSource? _next;
    private Func<IReadOnlyCollection<MobilityLogin>>? _snapshot;
    private bool _building;
    private long _lastBuilt;

    public long Rebuilds => Volatile.Read(ref _rebuilds);
    private long _rebuilds;
    private long _rebuildTicks;

    /// <summary>Time spent rebuilding plans so far.</summary>
    public TimeSpan RebuildTime => TimeSpan.FromTicks(Volatile.Read(ref _rebuildTicks));

    /// <summary>
    /// Checks at start-up that every profile's lines fit the dial plan (a profile DN that duplicates a pattern of its
    /// partition would otherwise fail only when someone logs in with it), by composing each on an EM phone.
    /// </summary>
    /// <exception cref="MobilityConfigException">The profile, and what the dial plan says is wrong.</exception>
    public static void CheckProfiles(MobilityDialPlanBase basePlan, MobilityDirectory directory, IEnumerable<string> profiles)
    {
        var phone = basePlan.Devices.FirstOrDefault(d => directory.MobilityEnabled(d.Name));
        if (phone is null) return;
        var composer = new ProfileLineSwitch(basePlan, directory, null!, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        foreach (var name in profiles)
        {
            try
            {
                composer.Compose([new MobilityLogin(phone.Name, "", name, DateTimeOffset.UnixEpoch, null)]);
            }
            catch (DialPlanConfigException ex)
            {
                throw new MobilityConfigException($"DeviceProfiles:{name}:Lines", null,
                    $"the profile's lines do not fit the dial plan: {ex.Reason} (value '{ex.Value}')");
            }
        }
    }

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
    /// Completes once the logins <paramref name="snapshot"/> returns are in force. Call it after changing the logins.
    /// One rebuild runs at a time: with none running the caller builds at once on its own thread; otherwise it joins
    /// the next rebuild, which snapshots after it joined and so covers its change. A burst of logins costs a few
    /// rebuilds, not one each, and waiting requests hold no thread.
    /// </summary>
    public Task ApplyAsync(Func<IReadOnlyCollection<MobilityLogin>> snapshot)
    {
        Task joined;
        bool lead;
        lock (_build)
        {
            _snapshot = snapshot;
            _next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            joined = _next.Task;
            lead = !_building;
            _building = true;
        }
        if (lead)
        {
            // Just after a rebuild, logins are coming in a stream: gather. Otherwise (idle) build at once.
            if (time.GetElapsedTime(Volatile.Read(ref _lastBuilt)) < GatherWindow) _ = GatherThenBuildAsync();
            else BuildRound();
        }
        return joined;
    }

    /// <summary>
    /// Puts the logins <paramref name="snapshot"/> returns in force now, on the caller's thread (start-up, the
    /// maximum-login-time timer): it waits only for a rebuild already running, then builds.
    /// </summary>
    /// <exception cref="DialPlanConfigException">The plan could not be built; the previous one stays in force.</exception>
    public void Apply(Func<IReadOnlyCollection<MobilityLogin>> snapshot)
    {
        try
        {
            Build(snapshot);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Extension Mobility: rebuilding the dial plan failed; the previous plan stays in force");
            throw;
        }
    }

    /// <summary>
    /// Requests came in while a plan was being built: logins are busy. Waiting this long before the next rebuild lets
    /// more of them join it, so each rebuild serves more logins (2 ms against the tens a busy login takes).
    /// </summary>
    private static readonly TimeSpan GatherWindow = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// One rebuild for everything requested so far. The caller that found the switch idle does it on its own thread
    /// (an idle gateway answers at once); requests that joined meanwhile, or that come just after a rebuild, get a
    /// later round after the gather window, on the thread pool, so no caller is held up by others' logins.
    /// </summary>
    private void BuildRound()
    {
        TaskCompletionSource done;
        Func<IReadOnlyCollection<MobilityLogin>> snapshot;
        lock (_build)
        {
            if (_next is null)
            {
                _building = false;
                return;
            }
            (done, _next, snapshot) = (_next, null, _snapshot!);
        }
        try
        {
            Build(snapshot);
            done.SetResult();
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Extension Mobility: rebuilding the dial plan failed; the previous plan stays in force");
            done.SetException(ex);
        }
        lock (_build)
        {
            if (_next is null)
            {
                _building = false;
                return;
            }
        }
        _ = GatherThenBuildAsync();
    }

    private void Build(Func<IReadOnlyCollection<MobilityLogin>> snapshot)
    {
        lock (_replace)
        {
            long started = time.GetTimestamp();
            var (plan, lines) = Compose(snapshot());
            target.ReplaceDialPlan(plan, lines);
            Interlocked.Add(ref _rebuildTicks, time.GetElapsedTime(started).Ticks);
            Interlocked.Increment(ref _rebuilds);
            Volatile.Write(ref _lastBuilt, time.GetTimestamp());
            logger.DialPlanRebuilt(plan.Devices.Count, plan.DirectoryNumbers.Count);
        }
    }

    private async Task GatherThenBuildAsync()
    {
        await Task.Delay(GatherWindow, time).ConfigureAwait(false);
        BuildRound();
    }
}
