using SipGateway.Sip.Message;

namespace SipGateway.Sip.Transactions;

/// <summary>
/// What identifies a transaction. RFC 3261 peers: the top Via branch, its sent-by and the method, with ACK and
/// CANCEL mapped by the caller (§17.2.3); responses match on branch and CSeq method (§17.1.3), so client keys leave
/// sent-by empty. RFC 2543 peers (no magic cookie) get a composite of Request-URI, From tag, Call-ID, CSeq number
/// and the whole top Via in <see cref="Branch"/>; the To tag is checked after the lookup.
/// </summary>
public readonly record struct TransactionKey(string Branch, string SentBy, string Method)
{
    public bool IsRfc2543 => Branch.StartsWith(Rfc2543Prefix, StringComparison.Ordinal);

    private const string Rfc2543Prefix = "rfc2543|";

    /// <summary>The server-side key of a request, with <paramref name="method"/> overriding (INVITE for ACK and CANCEL lookups).</summary>
    public static TransactionKey? ForServer(SipRequest request, string? method = null)
    {
        var via = request.TopVia;
        var cseq = request.CSeq;
        if (via is null || cseq is null) return null;
        method ??= request.Method;
        if (via.HasRfc3261Branch)
            return new TransactionKey(via.Branch!, via.SentBy.ToLowerInvariant(), method);
        // §17.2.3 RFC 2543 rules: everything but the To tag goes in the key.
        var topVia = HeaderValueList.Split(request.Headers[HeaderId.Via]!)[0];
        var composite = string.Join('|', Rfc2543Prefix + request.RequestUriText, request.FromTag ?? "", request.CallId ?? "",
            cseq.Value.Number.ToString(System.Globalization.CultureInfo.InvariantCulture), topVia);
        return new TransactionKey(composite, "", method);
    }

    /// <summary>The client-side key of a request we send or a response we receive (§17.1.3).</summary>
    public static TransactionKey? ForClient(SipMessage message)
    {
        var branch = message.TopVia?.Branch;
        var cseq = message.CSeq;
        if (branch is null || cseq is null) return null;
        return new TransactionKey(branch, "", cseq.Value.Method);
    }
}
