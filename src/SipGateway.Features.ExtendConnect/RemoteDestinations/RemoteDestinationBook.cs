using SipGateway.Features.ExtendConnect.Errors;
using SipGateway.Routing;
using SipGateway.Storage;

namespace SipGateway.Features.ExtendConnect.RemoteDestinations;

/// <summary>
/// The remote destinations of every CTI remote device, with UCM's rules enforced on add and update:
/// at most <see cref="ExtendConnectOptions.MaxRemoteDestinations"/> per device (RD_LIMIT); off-cluster, so never a
/// directory number (RD_IS_DN); unique in the whole system, across users (RD_NOT_UNIQUE); routable by digit analysis
/// with the device's reroute CSS (RD_NOT_REACHABLE); at most one active per device. Numbers are compared in the form
/// the application dial rules give them. Changes are written through to the store first: one it refuses changes
/// nothing (DATABASE_ERROR).
/// </summary>
public sealed class RemoteDestinationBook
{
    private readonly object _gate = new();
    private readonly ExtendConnectOptions _options;
    private readonly DigitAnalysis _analysis;
    private readonly IRemoteDestinationStore _store;
    private readonly Dictionary<string, RemoteDevice> _devices;
    private readonly HashSet<string> _directoryNumbers;
    private readonly List<RemoteDestination> _all;

    /// <exception cref="StorageException">The saved destinations could not be read.</exception>
    public RemoteDestinationBook(ExtendConnectOptions options, DialPlan plan, IRemoteDestinationStore store)
    {
        if (options.MaxRemoteDestinations is < 1 or > ExtendConnectOptions.UpperMaxRemoteDestinations)
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxRemoteDestinations, "MaxRemoteDestinations is 1..10");
        _options = options;
        _analysis = new DigitAnalysis(plan);
        _store = store;
        _devices = options.Devices.ToDictionary(d => d.Name, StringComparer.OrdinalIgnoreCase);
        _directoryNumbers = plan.DirectoryNumbers.Select(d => d.Dn).ToHashSet(StringComparer.Ordinal);
        _all = store.All().Select(r => new RemoteDestination(r.Device, r.Number, r.Name, r.Active)).ToList();
    }

    /// <summary>Raised after the active destination of a device changed (the new one, or null when none is active).</summary>
    public event Action<RemoteDevice, RemoteDestination?>? ActiveChanged;

    public IReadOnlyCollection<RemoteDevice> Devices => _devices.Values;

    /// <summary>The trunk directory-URI destinations are sent to (ExtendConnect:UriTrunk), null when none.</summary>
    public string? UriTrunk => _options.UriTrunk;

    public RemoteDevice? Device(string name) => _devices.GetValueOrDefault(name);

    public RemoteDevice RequireDevice(string name) => Device(name) ?? throw new CtiException(CtiError.DeviceNotFound(name));

    public IReadOnlyList<RemoteDestination> Of(string device)
    {
        lock (_gate) return _all.Where(r => string.Equals(r.Device, device, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    public RemoteDestination? Active(string device)
    {
        lock (_gate) return _all.FirstOrDefault(r => r.Active && string.Equals(r.Device, device, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The dial form of <paramref name="typed"/> (application dial rules applied).
    /// A destination with '@' is a directory URI (user@host, host lower-cased, a leading sip: dropped).</summary>
    public string Normalize(string? typed)
    {
        if (RemoteDestinationUri.IsUri(typed))
            return RemoteDestinationUri.TryNormalize(typed, out var uri)
                ? uri
                : throw new CtiException(CtiError.Invalid($"'{typed}' is not a directory URI (user@host, e.g. alice@example.com)"));
        return RemoteDestinationNumber.TryNormalize(typed, _options.ApplicationDialRules, out var dial)
            ? dial
            : throw new CtiException(CtiError.Invalid($"'{typed}' is not a phone number (digits, *, #, a leading +; separators - . ( ) and spaces are ignored) or a directory URI (user@host)"));
    }

    /// <exception cref="CtiException">A rule refused it.</exception>
    public RemoteDestination Add(string device, string? number, string? name, bool active)
    {
        var d = RequireDevice(device);
        var dial = Normalize(number);
        CheckRoutable(d, dial);
        RemoteDestination rd;
        RemoteDestination? previousActive;
        lock (_gate)
        {
            if (_all.FirstOrDefault(r => r.Number == dial) is { } existing)
                throw new CtiException(CtiError.NotUnique(dial, existing.Device));
            int count = _all.Count(r => string.Equals(r.Device, d.Name, StringComparison.OrdinalIgnoreCase));
            if (count >= _options.MaxRemoteDestinations) throw new CtiException(CtiError.Limit(d.Name, _options.MaxRemoteDestinations));
            rd = new RemoteDestination(d.Name, dial, string.IsNullOrWhiteSpace(name) ? dial : name, active);
            if (!Saved(() => _store.Add(Record(rd)))) throw new CtiException(CtiError.NotUnique(dial, "another device"));
            previousActive = active ? Deactivate(d.Name) : null;
            _all.Add(rd);
        }
        if (active) ActiveChanged?.Invoke(d, rd);
        return rd;
    }

    /// <summary>Changes the name and/or active flag of an existing destination.</summary>
    public RemoteDestination Update(string device, string? number, string? name, bool? active)
    {
        var d = RequireDevice(device);
        var dial = Normalize(number);
        RemoteDestination updated;
        bool activeChanged;
        lock (_gate)
        {
            int i = _all.FindIndex(r => r.Number == dial && string.Equals(r.Device, d.Name, StringComparison.OrdinalIgnoreCase));
            if (i < 0) throw new CtiException(CtiError.NotFound(d.Name, dial));
            var current = _all[i];
            updated = current with { Name = string.IsNullOrWhiteSpace(name) ? current.Name : name, Active = active ?? current.Active };
            activeChanged = updated.Active != current.Active;
            if (updated.Active && activeChanged) CheckRoutable(d, dial);
            Saved(() => { _store.Update(Record(updated)); return true; });
            if (updated.Active && activeChanged) Deactivate(d.Name);
            i = _all.FindIndex(r => r.Number == dial);
            _all[i] = updated;
        }
        if (activeChanged) ActiveChanged?.Invoke(d, updated.Active ? updated : null);
        return updated;
    }

    public void Delete(string device, string? number)
    {
        var d = RequireDevice(device);
        var dial = Normalize(number);
        RemoteDestination removed;
        lock (_gate)
        {
            int i = _all.FindIndex(r => r.Number == dial && string.Equals(r.Device, d.Name, StringComparison.OrdinalIgnoreCase));
            if (i < 0) throw new CtiException(CtiError.NotFound(d.Name, dial));
            removed = _all[i];
            Saved(() => { _store.Delete(d.Name, dial); return true; });
            _all.RemoveAt(i);
        }
        if (removed.Active) ActiveChanged?.Invoke(d, null);
    }

    /// <summary>Makes <paramref name="number"/> the device's active destination, adding it first when it is new.</summary>
    public RemoteDestination Activate(string device, string? number, string? name)
    {
        var dial = Normalize(number);
        bool known;
        lock (_gate) known = _all.Any(r => r.Number == dial && string.Equals(r.Device, device, StringComparison.OrdinalIgnoreCase));
        return known ? Update(device, dial, name, active: true) : Add(device, dial, name, active: true);
    }

    private static RemoteDestinationRecord Record(RemoteDestination rd) => new(rd.Device, rd.Number, rd.Name, rd.Active);

    private static bool Saved(Func<bool> write)
    {
        try { return write(); }
        catch (StorageException ex) { throw new CtiException(CtiError.NotSaved(ex.Reason)); }
    }

    /// <summary>Clears the active flag of every destination of the device (caller holds the gate); returns the one that was active.</summary>
    private RemoteDestination? Deactivate(string device)
    {
        RemoteDestination? was = null;
        for (int i = 0; i < _all.Count; i++)
            if (_all[i].Active && string.Equals(_all[i].Device, device, StringComparison.OrdinalIgnoreCase))
            {
                was = _all[i];
                _all[i] = _all[i] with { Active = false };
            }
        return was;
    }

    /// <summary>RD_IS_DN and RD_NOT_REACHABLE: digit analysis of the number with the device's reroute CSS must reach a route pattern.</summary>
    private void CheckRoutable(RemoteDevice device, string dial)
    {
        if (RemoteDestinationUri.IsUri(dial))
        {
            // Digit analysis cannot route a URI: it goes to the one trunk configured for directory URIs.
            if (_options.UriTrunk is null)
                throw new CtiException(new CtiError("RD_NOT_REACHABLE", 400,
                    $"{dial} is a directory URI and no trunk is configured for URI destinations (set ExtendConnect:UriTrunk to a trunk in Trunks)"));
            return;
        }
        if (_directoryNumbers.Contains(dial)) throw new CtiException(CtiError.IsDn(dial));
        Caller caller;
        try { caller = _analysis.Plan.CallerWithCss(device.RerouteCss); }
        catch (KeyNotFoundException ex) { throw new CtiException(CtiError.NotReachable(dial, device.RerouteCss, ex.Message)); }
        var decision = _analysis.Analyze(caller, dial);
        switch (decision.Result)
        {
            case RoutingResult.Route:
                return;
            case RoutingResult.DirectoryNumber:
                throw new CtiException(CtiError.IsDn(dial));
            case RoutingResult.Block:
                throw new CtiException(CtiError.NotReachable(dial, device.RerouteCss, "blocked: " + (decision.BlockReason ?? "by the dial plan")));
            default:
                throw new CtiException(CtiError.NotReachable(dial, device.RerouteCss, decision.Result == RoutingResult.Unallocated
                    ? "no route pattern in its partitions matches" : decision.Error ?? decision.Result.ToString()));
        }
    }
}
