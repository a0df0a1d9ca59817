namespace SipGateway.Features.ExtendConnect.ServiceState;

/// <summary>A CTI client's registration of a remote device with REMOTE_DEST (and REMOTE_NAME, defaulting to it).</summary>
public sealed record DeviceRegistration(string Device, string Client, string RemoteDest, string RemoteName);
