namespace SipGateway.Sip.Auth;

/// <summary>
/// One <c>name=value</c> of a challenge or credentials (RFC 3261 §25.1 auth-param). <see cref="Value"/> is
/// unquoted and unescaped; <see cref="Quoted"/> remembers the wire form so unknown parameters are echoed as sent.
/// </summary>
public readonly record struct AuthParameter(string Name, string Value, bool Quoted);
