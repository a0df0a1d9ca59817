namespace SipGateway.Sip.Message;

/// <summary>A request the stack refuses: the status to answer with and a reason phrase the peer's user can act on.</summary>
public sealed record SipError(int StatusCode, string Reason);
