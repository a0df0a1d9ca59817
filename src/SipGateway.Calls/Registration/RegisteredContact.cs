namespace SipGateway.Calls.Registration;

/// <summary>
/// A contact in a registrations snapshot: the Contact URI, the address the REGISTER came from and its transport
/// ("udp"/"tcp"), the seconds left, the phone's User-Agent and q.
/// </summary>
public sealed record RegisteredContact(string Uri, string Source, string Transport, int ExpiresIn, string? UserAgent, double? Q = null);
