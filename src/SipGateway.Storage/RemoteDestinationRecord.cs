namespace SipGateway.Storage;

/// <summary>A remote destination as stored: the device it belongs to, its dial number, its name, whether it is active.</summary>
public sealed record RemoteDestinationRecord(string Device, string Number, string Name, bool Active);
