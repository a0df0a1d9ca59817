using SipGateway.Sip.Core;
using SipGateway.Sip.Message;
using SipGateway.Sip.Parsing;

namespace SipGateway.Sip.Tests.Parsing;

/// <summary>The checks a received datagram goes through before a transaction sees it, as the transports run them.</summary>
internal static class ReceivePipeline
{
    public sealed record Outcome(string Kind, SipResponse? Response);

    public static Outcome Process(byte[] datagram)
    {
        var result = SipParser.ParseDatagram(datagram);
        var decision = SipReceiveDecision.Decide(result, UasCapabilities.Default, "tag1");
        return decision switch
        {
            { Action: SipReceiveAction.Drop } => new("drop", null),
            { Action: SipReceiveAction.Respond } => new(decision.Response!.StatusCode.ToString(), decision.Response),
            { Action: SipReceiveAction.DeliverResponse } => new("response", null),
            _ => new("pass", null),
        };
    }
}
