namespace SipGateway.Calls.Registration;

/// <summary>
/// What the registrar needs to know about one configured device (config <c>Devices</c>): its name, the digest
/// user and password it authenticates with, and the directory numbers of its lines (the AORs it may register).
/// </summary>
public sealed record DeviceCredential(string Name, string AuthUser, string Password, IReadOnlyList<string> Dns)
{
    /// <summary>
    /// Whether this device may register the AOR whose user part (unescaped) is <paramref name="aorUser"/>:
    /// one of its DNs, or its auth user or device name (phones that register with their account name).
    /// </summary>
    public bool MayRegister(string aorUser) =>
        Dns.Contains(aorUser, StringComparer.Ordinal)
        || string.Equals(aorUser, AuthUser, StringComparison.Ordinal)
        || string.Equals(aorUser, Name, StringComparison.Ordinal);
}
