using System.Collections.Concurrent;
using SipGateway.Calls.Lines;
using SipGateway.Features.ExtendConnect.Errors;
using SipGateway.Features.ExtendConnect.Events;
using SipGateway.Features.ExtendConnect.RemoteDestinations;
using SipGateway.Storage;

namespace SipGateway.Features.ExtendConnect.Calls;

/// <summary>
/// Device-level Call Forward All and Do Not Disturb set by a CTI client (UCM lets CTI applications set them on a
/// device's lines; T-Server reports EventForwardSet/Cancel and EventDNDOn/Off). They apply to every line of the
/// device: Call Forward All sends inbound calls to the destination (analysed with the device's CSS, as UCM's CFA
/// without its own CSS), Do Not Disturb rejects them with 486 (UCM DND "Call Reject"). Written through to
/// <see cref="ICtiDeviceCallSettingsStore"/> (when given) and read back at start, so they survive a restart as UCM's do.
/// </summary>
public sealed class DeviceCallSettings : ILineRuleOverrides
{
    /// <summary>Why <paramref name="destination"/> cannot be reached from the device (its CSS); null when it can.</summary>
    public delegate string? Reachability(RemoteDevice device, string destination);

    private sealed record Settings(string? ForwardAll, bool DoNotDisturb);

    private readonly ConcurrentDictionary<string, Settings> _byDevice = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _deviceOfDn = new(StringComparer.Ordinal);
    private readonly RemoteDestinationBook _book;
    private readonly Reachability _reachable;
    private readonly CtiEventHub _events;
    private readonly ICtiDeviceCallSettingsStore? _store;
    private readonly object _writes = new();

    /// <exception cref="StorageException">The saved settings could not be read.</exception>
    public DeviceCallSettings(RemoteDestinationBook book, Reachability reachable, CtiEventHub events, ICtiDeviceCallSettingsStore? store = null)
    {
        _book = book;
        _reachable = reachable;
        _events = events;
        _store = store;
        if (store is null) return;
        // A device no longer in the configuration keeps its row (it may come back) but applies to nothing.
        foreach (var (device, forwardAll, dnd) in store.All())
            if (book.Device(device) is { } d)
            {
                foreach (var dn in d.Lines) _deviceOfDn[dn] = d.Name;
                _byDevice[d.Name] = new Settings(forwardAll, dnd);
            }
    }

    public string? ForwardAllOf(string device) => _byDevice.TryGetValue(device, out var s) ? s.ForwardAll : null;

    public bool DoNotDisturbOf(string device) => _byDevice.TryGetValue(device, out var s) && s.DoNotDisturb;

    /// <summary>Sets (destination) or cancels (null) Call Forward All on every line of the device.</summary>
    /// <exception cref="CtiException">DEVICE_NOT_FOUND, DESTINATION_REQUIRED, FORWARD_TO_SELF, DESTINATION_NOT_REACHABLE, DATABASE_ERROR.</exception>
    public void SetForwardAll(string device, bool enabled, string? destination)
    {
        var d = _book.RequireDevice(device);
        string? target = null;
        if (enabled)
        {
            target = destination?.Trim();
            if (string.IsNullOrEmpty(target))
                throw new CtiException(new CtiError("DESTINATION_REQUIRED", 400, "forward-all needs { \"destination\" } (or { \"enabled\": false } to cancel)"));
            if (d.Lines.Contains(target))
                throw new CtiException(new CtiError("FORWARD_TO_SELF", 400, $"{target} is a line of {d.Name}: forwarding it to itself would loop"));
            if (_reachable(d, target) is { } why)
                throw new CtiException(new CtiError("DESTINATION_NOT_REACHABLE", 400, $"{target} cannot be reached with the CSS of {d.Name}: {why}"));
        }
        Update(d, s => s with { ForwardAll = target });
        _events.Publish(CtiEvent.Of(target is null ? "ForwardCancel" : "ForwardSet", ("device", d.Name), ("destination", target)));
    }

    /// <exception cref="CtiException">DEVICE_NOT_FOUND, DATABASE_ERROR.</exception>
    public void SetDoNotDisturb(string device, bool enabled)
    {
        var d = _book.RequireDevice(device);
        Update(d, s => s with { DoNotDisturb = enabled });
        _events.Publish(CtiEvent.Of(enabled ? "DNDOn" : "DNDOff", ("device", d.Name)));
    }

    private void Update(RemoteDevice d, Func<Settings, Settings> change)
    {
        foreach (var dn in d.Lines) _deviceOfDn[dn] = d.Name;
        // One writer at a time, so the row written is the settings in memory (two requests cannot store out of order);
        // the row first, so a setting the database refused is not in force either.
        lock (_writes)
        {
            var now = change(_byDevice.GetValueOrDefault(d.Name) ?? new Settings(null, false));
            try { _store?.Save(d.Name, now.ForwardAll, now.DoNotDisturb); }
            catch (StorageException ex) { throw new CtiException(CtiError.NotSaved(ex.Reason)); }
            _byDevice[d.Name] = now;
        }
    }

    public LineRules? Apply(string dn, LineRules? configured)
    {
        if (!_deviceOfDn.TryGetValue(dn, out var device) || !_byDevice.TryGetValue(device, out var s)) return configured;
        if (s.ForwardAll is null && !s.DoNotDisturb) return configured;
        var rules = configured ?? new LineRules { Dn = dn };
        return rules with
        {
            // CSS null: the forward is analysed with the forwarding line's device CSS (the CTI remote device's Css).
            ForwardAll = s.ForwardAll is { } to ? new CallForward(to, null) : rules.ForwardAll,
            DoNotDisturb = s.DoNotDisturb || rules.DoNotDisturb,
            DoNotDisturbOption = s.DoNotDisturb ? DoNotDisturbOption.CallReject : rules.DoNotDisturbOption,
        };
    }
}
