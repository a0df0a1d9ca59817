namespace SipGateway.Features.ExtendConnect.Events;

/// <summary>
/// One event for CTI clients: its name (Offering, Accepted, Connected, Held, Retrieved, Disconnected, DNBackInService,
/// DNOutOfService, PersistentConnection...) and its fields, sent as one Server-Sent Event.
/// </summary>
public sealed record CtiEvent(string Name, IReadOnlyDictionary<string, object?> Fields)
{
    public static CtiEvent Of(string name, params (string Key, object? Value)[] fields) =>
        new(name, fields.Where(f => f.Value is not null).ToDictionary(f => f.Key, f => f.Value));
}
