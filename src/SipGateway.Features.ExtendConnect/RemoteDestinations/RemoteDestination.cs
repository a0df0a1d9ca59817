namespace SipGateway.Features.ExtendConnect.RemoteDestinations;

/// <summary>One remote destination of a CTI remote device: the dial form of its number, its name, whether it is active.</summary>
public sealed record RemoteDestination(string Device, string Number, string Name, bool Active);
