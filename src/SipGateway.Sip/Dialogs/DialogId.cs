using SipGateway.Sip.Message;

namespace SipGateway.Sip.Dialogs;

/// <summary>A dialog's identity from this side: Call-ID, local tag, remote tag (RFC 3261 §12).</summary>
public readonly record struct DialogId(string CallId, string LocalTag, string RemoteTag)
{
    /// <summary>
    /// The dialog a request we received belongs to: our tag is in To, theirs in From (§12.2.2). An RFC 2543 peer
    /// may send no From tag; its dialogs have an empty remote tag (§12.1.1).
    /// </summary>
    public static DialogId? ForIncomingRequest(SipMessage request) =>
        request.CallId is { } c && request.ToTag is { } local ? new DialogId(c, local, request.FromTag ?? "") : null;

    /// <summary>The dialog a response to our request belongs to: our tag is in From, theirs in To.</summary>
    public static DialogId? ForResponse(SipMessage response) =>
        response.CallId is { } c && response.FromTag is { } local && response.ToTag is { } remote ? new DialogId(c, local, remote) : null;

    public override string ToString() => $"{CallId};local={LocalTag};remote={RemoteTag}";
}
