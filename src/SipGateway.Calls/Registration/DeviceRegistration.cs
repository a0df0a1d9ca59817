namespace SipGateway.Calls.Registration;

/// <summary>One device's registration of one AOR, shaped for JSON (<c>GET /api/registrations</c>).</summary>
public sealed record DeviceRegistration(string Device, string Aor, IReadOnlyList<RegisteredContact> Contacts);
