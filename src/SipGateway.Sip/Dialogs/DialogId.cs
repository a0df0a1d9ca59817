using SipGateway.Sip.Message;

namespace SipGateway.Sip.Dialogs;

/// <summary>A dialog's identity from this side: Call-ID, local tag, remote tag (RFC 3261 §12).</summary>
public readonly record struct DialogId(string CallId, string LocalTag, string RemoteTag)
{
    /// <summary>The dialog a request we received belongs to: our tag is in To, theirs in From (§12.2.2).</summary>
    public static DialogId? ForIncomingRequest(SipMessage request) =>
        request.CallId is { } c && request.ToTag is { } local && request.FromTag is { } remote ? new DialogId(c, local, remote) : null;

    /// <summary>The dialog a response to our request belongs to: our tag is in From, theirs in To.</summary>
    public static DialogId? ForResponse(SipMessage response) =>
        response.CallId is { } c && response.FromTag is { } local && response.ToTag is { } remote ? new DialogId(c, local, remote) : null;

    public override string ToString() => $"{CallId};local={LocalTag};remote={RemoteTag}";
}
