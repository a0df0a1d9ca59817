namespace SipGateway.Sip.Auth;

/// <summary>Quality-of-protection values (RFC 7616 §3.3).</summary>
public static class DigestQop
{
    public const string Auth = "auth";
    public const string AuthInt = "auth-int";
}
