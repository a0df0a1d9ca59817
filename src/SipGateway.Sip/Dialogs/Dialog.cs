using SipGateway.Sip.Message;
using SipGateway.Sip.Transactions;
using SipGateway.Sip.Transport;

namespace SipGateway.Sip.Dialogs;

/// <summary>
/// The state of one dialog (RFC 3261 §12) and the builder of its requests (§12.2.1.1). Created by the
/// <see cref="DialogRouter"/> (or, for one-off ACK/BYE, by the transaction layer); the fields the router updates
/// (remote target, sequence numbers, route set of an early dialog) change under the dialog's own lock.
/// </summary>
public sealed class Dialog
{
    private static readonly string[] TargetRefreshMethods =
        [SipMethods.Invite, SipMethods.Update, SipMethods.Subscribe, SipMethods.Notify, SipMethods.Refer];

    private readonly object _gate = new();
    private SipUri _remoteTarget;
    private RouteSet _routeSet;
    private uint _localSequence;
    private uint? _remoteSequence;

    private Dialog(string callId, string localTag, string remoteTag, bool isUac, NameAddress localParty, NameAddress remoteParty,
        SipUri remoteTarget, RouteSet routeSet, SipEndPoint remoteEndPoint)
    {
        CallId = callId;
        LocalTag = localTag;
        RemoteTag = remoteTag;
        IsUac = isUac;
        LocalParty = localParty;
        RemoteParty = remoteParty;
        _remoteTarget = remoteTarget;
        _routeSet = routeSet;
        RemoteEndPoint = remoteEndPoint;
    }

    public DialogId Id => new(CallId, LocalTag, RemoteTag);
    public string CallId { get; }
    public string LocalTag { get; }
    public string RemoteTag { get; }

    /// <summary>True when we sent the request that created the dialog.</summary>
    public bool IsUac { get; }

    /// <summary>Local URI: From of our requests, without tag.</summary>
    public NameAddress LocalParty { get; }

    /// <summary>Remote URI: To of our requests, without tag.</summary>
    public NameAddress RemoteParty { get; }

    /// <summary>Our Contact, put in target-refresh requests (§12.2.1.1).</summary>
    public SipUri? LocalContact { get; set; }

    /// <summary>Where in-dialog requests are sent when no other destination is given. The host may re-resolve it.</summary>
    public SipEndPoint RemoteEndPoint { get; set; }

    /// <summary>For the application (e.g. the B2BUA call leg owning this dialog).</summary>
    public object? UserState { get; set; }

    public DialogState State { get; internal set; } = DialogState.Early;

    public OfferAnswerState OfferAnswer { get; internal set; }

    public SipUri RemoteTarget { get { lock (_gate) return _remoteTarget; } }
    public RouteSet RouteSet { get { lock (_gate) return _routeSet; } }

    /// <summary>The last CSeq number we used; 0 while empty (§12.1.1).</summary>
    public uint LocalSequence { get { lock (_gate) return _localSequence; } }

    /// <summary>The highest CSeq number the peer used; null while empty (§12.1.2).</summary>
    public uint? RemoteSequence { get { lock (_gate) return _remoteSequence; } }

    /// <summary>The INVITE CSeq of the last ACK we sent for a 2xx, and that ACK (re-sent on 2xx retransmissions, §13.2.2.4).</summary>
    internal (uint Sequence, SipRequest Ack)? LastAck { get; set; }

    /// <summary>The last RSeq we PRACKed and the CSeq of the request it answered (RFC 3262 §4: RSeq counts per request).</summary>
    internal (uint CSeq, uint RSeq)? LastRemoteRSeq { get; set; }

    /// <summary>The reliable provisional we are resending and waiting a PRACK for (RFC 3262 §3).</summary>
    internal ReliableProvisionalSender? PendingReliable { get; set; }

    /// <summary>Reliable provisionals waiting for the pending one's PRACK (RFC 3262 §3: one at a time).</summary>
    internal Queue<(ServerTransaction Transaction, SipResponse Response)> QueuedReliable { get; } = new();

    internal uint NextRSeq { get; set; } = SipIdentifiers.NewSequenceNumber();

    /// <summary>An in-dialog INVITE of ours still without final response, and one of theirs (§14.1, §14.2).</summary>
    internal bool LocalInvitePending { get; set; }
    internal bool RemoteInvitePending { get; set; }

    /// <summary>
    /// The UAC's dialog from a response with a To tag (§12.1.2): route set = Record-Route reversed, remote target =
    /// Contact. <paramref name="request"/> may be null when only the response is known (a stray 2xx of another fork).
    /// </summary>
    public static Dialog? CreateUac(SipRequest? request, SipResponse response, SipEndPoint remote)
    {
        var source = (SipMessage?)request ?? response;
        if (response.CallId is not { } callId || response.ToTag is not { } remoteTag || source.From is not { Tag: { } localTag } from
            || source.To is not { } to)
            return null;
        var target = ContactUri(response) ?? request?.RequestUri ?? to.Uri;
        var dialog = new Dialog(callId, localTag, remoteTag, isUac: true, WithoutTag(from), WithoutTag(to), target,
            RouteSet.FromRecordRoute(response, reverse: true), remote)
        {
            LocalContact = request is null ? null : ContactUri(request),
            State = response.IsSuccess ? DialogState.Confirmed : DialogState.Early,
        };
        dialog._localSequence = (request ?? (SipMessage)response).CSeq?.Number ?? 0;
        return dialog;
    }

    /// <summary>The UAS's dialog for a request we answer with <paramref name="localTag"/> (§12.1.1): route set = Record-Route in order.</summary>
    public static Dialog? CreateUas(SipRequest request, string localTag, SipUri? localContact, SipEndPoint remote)
    {
        if (request.CallId is not { } callId || request.From is not { Tag: { } remoteTag } from || request.To is not { } to
            || request.CSeq is not { } cseq)
            return null;
        var target = ContactUri(request) ?? from.Uri;
        var dialog = new Dialog(callId, localTag, remoteTag, isUac: false, WithoutTag(to), WithoutTag(from), target,
            RouteSet.FromRecordRoute(request, reverse: false), remote)
        {
            LocalContact = localContact,
        };
        dialog._remoteSequence = cseq.Number;
        return dialog;
    }

    /// <summary>A new in-dialog request with the next local CSeq (§12.2.1.1). Not for ACK (<see cref="CreateAck"/>) or CANCEL.</summary>
    public SipRequest CreateRequest(string method)
    {
        if (method is SipMethods.Ack or SipMethods.Cancel)
            throw new ArgumentException($"{method} reuses the CSeq of the request it refers to.", nameof(method));
        uint sequence;
        lock (_gate) sequence = ++_localSequence;
        return Build(method, sequence);
    }

    /// <summary>The ACK for a 2xx to the INVITE with CSeq <paramref name="inviteSequence"/> (§13.2.2.4): its own branch, the dialog's route.</summary>
    public SipRequest CreateAck(uint inviteSequence) => Build(SipMethods.Ack, inviteSequence);

    /// <summary>The PRACK for a reliable provisional response (RFC 3262 §7.2): RAck = RSeq, CSeq number and method of the response.</summary>
    public SipRequest CreatePrack(SipResponse reliableProvisional)
    {
        var rseq = reliableProvisional.Headers[HeaderId.RSeq]?.Trim();
        var cseq = reliableProvisional.CSeq ?? throw new ArgumentException("The response has no CSeq.", nameof(reliableProvisional));
        var prack = CreateRequest(SipMethods.Prack);
        prack.Headers.Add(HeaderId.RAck, $"{rseq} {cseq.Number} {cseq.Method}");
        return prack;
    }

    private SipRequest Build(string method, uint sequence)
    {
        SipUri target;
        RouteSet routes;
        lock (_gate)
        {
            target = _remoteTarget;
            routes = _routeSet;
        }
        var (requestUri, routeHeaders) = routes.Resolve(target);
        var request = new SipRequest(method, requestUri.ToString());
        var h = request.Headers;
        foreach (var route in routeHeaders) h.Add(HeaderId.Route, route.ToString());
        h.Add(HeaderId.MaxForwards, "70");
        var from = LocalParty.Clone();
        from.Tag = LocalTag;
        var to = RemoteParty.Clone();
        to.Tag = RemoteTag;
        h.Add(HeaderId.From, from.ToString());
        h.Add(HeaderId.To, to.ToString());
        h.Add(HeaderId.CallId, CallId);
        h.Add(HeaderId.CSeq, $"{sequence} {method}");
        if (LocalContact is not null && Array.IndexOf(TargetRefreshMethods, method) >= 0)
            h.Add(HeaderId.Contact, $"<{LocalContact}>");
        return request;
    }

    /// <summary>Checks and records the CSeq of an in-dialog request (§12.2.2). False when it is lower than the last one: 500.</summary>
    internal bool TryAcceptRemoteSequence(uint sequence)
    {
        lock (_gate)
        {
            if (_remoteSequence is uint last && sequence < last) return false;
            _remoteSequence = sequence;
            return true;
        }
    }

    /// <summary>Remote target refresh from the Contact of a re-INVITE, UPDATE or their 2xx (§12.2, RFC 3311 §5.2).</summary>
    internal void RefreshTarget(SipMessage message)
    {
        if (ContactUri(message) is not { } uri) return;
        lock (_gate) _remoteTarget = uri;
    }

    /// <summary>An early UAC dialog confirmed by a 2xx: the 2xx's Record-Route and Contact replace the early ones (§13.2.2.4).</summary>
    internal void ConfirmFrom(SipResponse success)
    {
        lock (_gate)
        {
            if (State == DialogState.Early)
            {
                _routeSet = RouteSet.FromRecordRoute(success, reverse: IsUac);
                if (ContactUri(success) is { } uri) _remoteTarget = uri;
            }
        }
        State = DialogState.Confirmed;
    }

    private static SipUri? ContactUri(SipMessage message) =>
        message.Headers.GetValues(HeaderId.Contact) is [var first, ..] && NameAddress.TryParse(first, out var contact) && !contact.IsWildcard
            ? contact.Uri
            : null;

    private static NameAddress WithoutTag(NameAddress address)
    {
        var copy = address.Clone();
        copy.Tag = null;
        return copy;
    }

    public override string ToString() => $"Dialog({Id}, {State}, {(IsUac ? "UAC" : "UAS")})";
}
