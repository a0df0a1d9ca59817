using SipGateway.Sip.Message;

namespace SipGateway.Sip.Transport;

/// <summary>A parsed message with where it came from and which local listener took it.</summary>
public sealed record IncomingSipMessage(SipMessage Message, SipEndPoint Remote, SipEndPoint Local);
