using SipGateway.Sip.Message;

namespace SipGateway.Sip.Transactions;

/// <summary>How an ACK finds the 2xx it acknowledges: Call-ID, the To tag we sent, and the INVITE's CSeq number.</summary>
internal readonly record struct AckKey(string CallId, string LocalTag, uint Sequence)
{
    public static AckKey? From(SipMessage message, string? localTag)
    {
        if (message.CallId is not { } callId || localTag is null || message.CSeq is not { } cseq) return null;
        return new AckKey(callId, localTag, cseq.Number);
    }
}
