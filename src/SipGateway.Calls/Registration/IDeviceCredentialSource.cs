namespace SipGateway.Calls.Registration;

/// <summary>
/// The devices the registrar authenticates against. The host builds it from config; an implementation may
/// change at run time (Extension Mobility moves lines), so the registrar asks on every request.
/// </summary>
public interface IDeviceCredentialSource
{
    IReadOnlyList<DeviceCredential> ByAuthUser(string authUser);

    IReadOnlyList<DeviceCredential> ByDn(string dn);

    DeviceCredential? ByName(string deviceName);
}
