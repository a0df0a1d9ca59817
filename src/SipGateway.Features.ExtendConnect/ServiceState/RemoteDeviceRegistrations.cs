using SipGateway.Features.ExtendConnect.Errors;
using SipGateway.Features.ExtendConnect.Events;
using SipGateway.Features.ExtendConnect.RemoteDestinations;

namespace SipGateway.Features.ExtendConnect.ServiceState;

/// <summary>
/// Service state of remote devices, as the T-Server "Extend and connect" guide describes it: a device is in service
/// only while a client has registered it and it is extended to a remote destination. Registering with REMOTE_DEST
/// makes that destination active (adding it if new, under the usual RD rules) and emits DNBackInService; with several
/// clients the last registration decides, and only that client may unregister. Its unregister, or its disconnect,
/// puts the device out of service for every client (DNOutOfService).
/// </summary>
public sealed class RemoteDeviceRegistrations
{
    private readonly object _gate = new();
    private readonly RemoteDestinationBook _book;
    private readonly CtiEventHub _events;
    private readonly Dictionary<string, DeviceRegistration> _registrations = new(StringComparer.OrdinalIgnoreCase);

    public RemoteDeviceRegistrations(RemoteDestinationBook book, CtiEventHub events)
    {
        _book = book;
        _events = events;
        events.ClientDisconnected += OnClientDisconnected;
        book.ActiveChanged += OnActiveChanged;
    }

    public DeviceRegistration? Of(string device)
    {
        lock (_gate) return _registrations.GetValueOrDefault(device);
    }

    public bool IsInService(string device) => Of(device) is not null && _book.Active(device) is not null;

    /// <exception cref="CtiException">Unknown device, or REMOTE_DEST refused by the RD rules.</exception>
    public DeviceRegistration Register(string client, string device, string? remoteDest, string? remoteName)
    {
        var d = _book.RequireDevice(device);
        if (string.IsNullOrWhiteSpace(remoteDest))
            throw new CtiException(new CtiError("REMOTE_DEST_REQUIRED", 400, "registering a remote device needs REMOTE_DEST (the number to extend calls to)"));
        DeviceRegistration registration;
        lock (_gate)
        {
            // Registered first, so the ActiveChanged raised by Activate finds it (and does not report out of service).
            var rd = _book.Normalize(remoteDest);
            registration = new DeviceRegistration(d.Name, client, rd, string.IsNullOrWhiteSpace(remoteName) ? remoteDest : remoteName);
            var previous = _registrations.GetValueOrDefault(d.Name);
            _registrations[d.Name] = registration;
            try { _book.Activate(d.Name, rd, registration.RemoteName); }
            catch
            {
                if (previous is null) _registrations.Remove(d.Name); else _registrations[d.Name] = previous;
                throw;
            }
        }
        _events.Publish(CtiEvent.Of("DNBackInService", ("device", d.Name), ("dn", d.PrimaryDn), ("REMOTE_DEST", registration.RemoteDest),
            ("REMOTE_NAME", registration.RemoteName), ("client", client)));
        return registration;
    }

    /// <exception cref="CtiException">Not registered, or registered by another client (only the last registrant may unregister).</exception>
    public void Unregister(string client, string device)
    {
        var d = _book.RequireDevice(device);
        lock (_gate)
        {
            if (!_registrations.TryGetValue(d.Name, out var registration))
                throw new CtiException(new CtiError("NOT_REGISTERED", 409, $"device {d.Name} is not registered"));
            if (registration.Client != client)
                throw new CtiException(new CtiError("NOT_REGISTRATION_OWNER", 403,
                    $"device {d.Name} was last registered by {registration.Client}; only that client may unregister it"));
            _registrations.Remove(d.Name);
        }
        OutOfService(d, "unregistered by " + client);
    }

    private void OnClientDisconnected(string client)
    {
        List<string> devices;
        lock (_gate)
        {
            devices = _registrations.Values.Where(r => r.Client == client).Select(r => r.Device).ToList();
            foreach (var d in devices) _registrations.Remove(d);
        }
        foreach (var d in devices) OutOfService(_book.RequireDevice(d), client + " disconnected");
    }

    private void OnActiveChanged(RemoteDevice device, RemoteDestination? active)
    {
        if (Of(device.Name) is null) return;
        if (active is null) OutOfService(device, "no active remote destination");
    }

    private void OutOfService(RemoteDevice device, string reason) =>
        _events.Publish(CtiEvent.Of("DNOutOfService", ("device", device.Name), ("dn", device.PrimaryDn), ("reason", reason)));
}
