using SipGateway.Sip.Message;
using SipGateway.Sip.Transport;

namespace SipGateway.Sip.Transactions.Tests.Support;

/// <summary>One message as it left the stack: when, where, and a re-parsed copy of its bytes (so later mutation cannot hide what went out).</summary>
public sealed record SentMessage(TimeSpan At, SipMessage Message, SipEndPoint Destination)
{
    public SipRequest Request => (SipRequest)Message;
    public SipResponse Response => (SipResponse)Message;
    public double Seconds => At.TotalSeconds;
}
