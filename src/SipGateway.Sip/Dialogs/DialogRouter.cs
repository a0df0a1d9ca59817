using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SipGateway.Sip.Message;
using SipGateway.Sip.Transactions;
using SipGateway.Sip.Transport;

namespace SipGateway.Sip.Dialogs;

/// <summary>
/// The one place dialogs live (RFC 3261 §12). As the transaction layer's TU it routes in-dialog requests by Call-ID
/// and tags (481 for an unknown dialog, 500 for a CSeq out of order, §12.2.2), refreshes remote targets, enforces one
/// offer at a time (491/500, §14, RFC 3311 §5.2), answers PRACK and resends reliable provisionals (RFC 3262), and
/// re-sends the ACK when a 2xx is retransmitted (§13.2.2.4). Requests it does not consume go to the
/// <see cref="ISipDialogUser"/>. Outgoing requests should go through <see cref="SendRequest(SipRequest, SipEndPoint)"/>
/// and <see cref="SendRequest(Dialog, SipRequest, SipEndPoint?)"/> so the router sees their responses.
/// </summary>
public sealed class DialogRouter : ISipTransactionUser
{
    private readonly object _gate = new();
    private readonly Dictionary<DialogId, Dialog> _dialogs = [];
    private readonly SipTransactionLayer _layer;
    private readonly ISipDialogUser _user;
    private readonly ILogger _logger;
    private readonly ReliableProvisionals _reliable;

    /// <summary>Creates the router and attaches it as <paramref name="layer"/>'s transaction user.</summary>
    public DialogRouter(SipTransactionLayer layer, ISipDialogUser user, ILogger? logger = null)
    {
        _layer = layer;
        _user = user;
        _logger = logger ?? NullLogger.Instance;
        _reliable = new ReliableProvisionals(layer, user);
        layer.SetUser(this);
    }

    public int Count { get { lock (_gate) return _dialogs.Count; } }

    public bool TryGetDialog(DialogId id, out Dialog dialog)
    {
        lock (_gate) return _dialogs.TryGetValue(id, out dialog!);
    }

    public IReadOnlyList<Dialog> Snapshot() { lock (_gate) return [.. _dialogs.Values]; }

    // ---- UAS side ----

    /// <summary>
    /// Creates the dialog a request we are about to answer with a 101–199 or 2xx establishes (§12.1.1), with the
    /// server transaction's To tag as local tag. Responses built by <see cref="CreateResponse"/> then carry the tag,
    /// Contact and Record-Route; whatever is sent on the transaction keeps the dialog's state.
    /// </summary>
    public Dialog CreateUasDialog(ServerTransaction transaction, SipUri? localContact)
    {
        var dialog = Dialog.CreateUas(transaction.Request, transaction.LocalTag, localContact, transaction.Remote)
            ?? throw new ArgumentException("The request lacks the Call-ID, From tag, To or CSeq a dialog needs.", nameof(transaction));
        if (!transaction.Request.Body.IsEmpty) dialog.OfferAnswer = OfferAnswerState.RemoteOfferPending;
        if (transaction.IsInvite) dialog.RemoteInvitePending = true;
        lock (_gate)
        {
            if (_dialogs.TryGetValue(dialog.Id, out var existing)) return existing;
            _dialogs[dialog.Id] = dialog;
        }
        Track(dialog, transaction, creating: true);
        return dialog;
    }

    /// <summary>A response for a request in <paramref name="dialog"/>: the dialog's To tag, our Contact on 101–2xx, and on the
    /// dialog-creating request the Record-Route copied from it (§12.1.1).</summary>
    public SipResponse CreateResponse(Dialog dialog, ServerTransaction transaction, int statusCode, string? reasonPhrase = null)
    {
        var response = transaction.CreateResponse(statusCode, reasonPhrase);
        if (statusCode is > 100 and < 300)
        {
            if (transaction.Request.ToTag is null)
                foreach (var rr in transaction.Request.Headers.GetFields(HeaderId.RecordRoute)) response.Headers.Add(HeaderId.RecordRoute, rr);
            if (dialog.LocalContact is not null && transaction.Request.Method is SipMethods.Invite or SipMethods.Update or SipMethods.Subscribe or SipMethods.Refer)
                response.Headers.Add(HeaderId.Contact, $"<{dialog.LocalContact}>");
        }
        return response;
    }

    /// <summary>
    /// Sends a 101–199 reliably (RFC 3262 §3): Require: 100rel and RSeq are added and the response is resent until
    /// the PRACK. When the peer did not offer 100rel it is sent as an ordinary provisional and false is returned. A
    /// second reliable provisional waits until the first is acknowledged.
    /// </summary>
    public bool SendReliableProvisional(Dialog dialog, ServerTransaction transaction, SipResponse response) =>
        _reliable.Send(dialog, transaction, response);

    // ---- UAC side ----

    /// <summary>Sends a request outside any dialog. For an INVITE, responses with a To tag create dialogs (early on 101–199,
    /// confirmed on 2xx, one per fork, §12.1.2) and reliable provisionals are PRACKed.</summary>
    /// <param name="beforeStart">Called with the transaction before the request goes out, after the router's own handlers:
    /// a caller on another thread than the transport subscribes there, or a fast response would come before it listens.</param>
    public ClientTransaction SendRequest(SipRequest request, SipEndPoint destination, Action<ClientTransaction>? beforeStart = null)
    {
        var tx = _layer.CreateClientTransaction(request, destination);
        if (tx.IsInvite)
        {
            var created = new List<Dialog>();
            tx.ProvisionalReceived += (t, r) => OnInitialInviteProvisional(t, r, created);
            tx.FinalResponseReceived += (t, r) => OnInitialInviteFinal(t, r, created);
        }
        beforeStart?.Invoke(tx);
        tx.Start();
        return tx;
    }

    /// <summary>Sends a request built by <see cref="Dialog.CreateRequest"/> inside <paramref name="dialog"/> (to
    /// <see cref="Dialog.RemoteEndPoint"/> unless told otherwise) and keeps the dialog's state from its responses.</summary>
    public ClientTransaction SendRequest(Dialog dialog, SipRequest request, SipEndPoint? destination = null)
    {
        if (request.Method == SipMethods.Invite) dialog.LocalInvitePending = true;
        if (request.Method is SipMethods.Invite or SipMethods.Update && !request.Body.IsEmpty)
            dialog.OfferAnswer = OfferAnswerState.LocalOfferPending;
        var tx = _layer.CreateClientTransaction(request, destination ?? dialog.RemoteEndPoint);
        tx.ProvisionalReceived += (_, r) => OnProvisionalInDialog(dialog, r);
        tx.FinalResponseReceived += (t, r) => OnInDialogFinal(dialog, t, r);
        tx.Start();
        return tx;
    }

    /// <summary>
    /// Sends the ACK for the 2xx to the INVITE with CSeq <paramref name="inviteSequence"/> (§13.2.2.4), with an optional
    /// body (the SDP answer of a late offer). The router re-sends this same ACK whenever that 2xx is retransmitted.
    /// </summary>
    public SipRequest SendAck(Dialog dialog, uint inviteSequence, string? contentType = null, string? body = null,
        SipEndPoint? destination = null)
    {
        var ack = dialog.CreateAck(inviteSequence);
        if (body is not null) ack.SetBody(contentType ?? "application/sdp", body);
        lock (dialog)
        {
            dialog.LastAck = (inviteSequence, ack);
            if (body is not null && dialog.OfferAnswer == OfferAnswerState.RemoteOfferPending) dialog.OfferAnswer = OfferAnswerState.None;
        }
        _layer.SendStateless(ack, destination ?? dialog.RemoteEndPoint);
        return ack;
    }

    /// <summary>Forgets a dialog (e.g. after the TU gave up on it).</summary>
    public void Terminate(Dialog dialog)
    {
        bool removed;
        lock (_gate) removed = _dialogs.Remove(dialog.Id, out _);
        dialog.State = DialogState.Terminated;
        ReliableProvisionals.Clear(dialog);
        if (removed) _user.OnDialogTerminated(dialog);
    }

    private void OnInitialInviteProvisional(ClientTransaction tx, SipResponse response, List<Dialog> created)
    {
        if (response.StatusCode == 100 || DialogId.ForResponse(response) is not { } id) return;
        var dialog = GetOrCreateUac(tx, response, id, created);
        if (dialog is not null) OnProvisionalInDialog(dialog, response);
    }

    private void OnInitialInviteFinal(ClientTransaction tx, SipResponse response, List<Dialog> created)
    {
        if (!response.IsSuccess)
        {
            // §12.3: a failed INVITE ends every early dialog it made.
            lock (created) foreach (var d in created.ToArray()) if (d.State == DialogState.Early) Terminate(d);
            return;
        }
        // A 2xx to a cancelled INVITE is ACKed and hung up by the transaction layer (§9.1); no dialog to keep.
        if (tx is InviteClientTransaction { IsCancelRequested: true }) return;
        if (DialogId.ForResponse(response) is not { } id) return;
        var dialog = GetOrCreateUac(tx, response, id, created);
        if (dialog is null) return;
        dialog.ConfirmFrom(response);
        lock (dialog)
        {
            if (dialog.OfferAnswer == OfferAnswerState.LocalOfferPending && !response.Body.IsEmpty) dialog.OfferAnswer = OfferAnswerState.None;
            else if (dialog.OfferAnswer == OfferAnswerState.None && tx.Request.Body.IsEmpty && !response.Body.IsEmpty)
                dialog.OfferAnswer = OfferAnswerState.RemoteOfferPending; // late offer: the answer goes in the ACK.
        }
    }

    private Dialog? GetOrCreateUac(ClientTransaction tx, SipResponse response, DialogId id, List<Dialog> created)
    {
        lock (_gate)
        {
            if (_dialogs.TryGetValue(id, out var existing)) return existing;
            var dialog = Dialog.CreateUac(tx.Request, response, tx.Destination);
            if (dialog is null) return null;
            if (!tx.Request.Body.IsEmpty) dialog.OfferAnswer = OfferAnswerState.LocalOfferPending;
            _dialogs[id] = dialog;
            lock (created) created.Add(dialog);
            return dialog;
        }
    }

    /// <summary>UAC side of RFC 3262 §4: PRACK each reliable provisional once.</summary>
    private void OnProvisionalInDialog(Dialog dialog, SipResponse response)
    {
        if (ReliableProvisionals.PrackFor(dialog, response) is { } prack) SendRequest(dialog, prack);
    }

    private void OnInDialogFinal(Dialog dialog, ClientTransaction tx, SipResponse response)
    {
        var method = tx.Request.Method;
        lock (dialog)
        {
            if (method == SipMethods.Invite) dialog.LocalInvitePending = false;
            if (method is SipMethods.Invite or SipMethods.Update && dialog.OfferAnswer == OfferAnswerState.LocalOfferPending)
                dialog.OfferAnswer = OfferAnswerState.None;
            else if (method == SipMethods.Invite && response.IsSuccess && tx.Request.Body.IsEmpty && !response.Body.IsEmpty)
                dialog.OfferAnswer = OfferAnswerState.RemoteOfferPending;
        }
        // §12.2.1.2: a 2xx to a target refresh request carries the new remote target.
        if (response.IsSuccess && method is SipMethods.Invite or SipMethods.Update) dialog.RefreshTarget(response);
        // §12.2.1.2: 481 or 408 to an in-dialog request ends the dialog; so does any final response to our BYE.
        if (response.StatusCode is 481 or 408 || method == SipMethods.Bye) Terminate(dialog);
    }

    // ---- ISipTransactionUser ----

    void ISipTransactionUser.OnRequest(ServerTransaction transaction)
    {
        var request = transaction.Request;
        if (request.ToTag is null)
        {
            _user.OnRequest(transaction, null);
            return;
        }
        if (DialogId.ForIncomingRequest(request) is not { } id || !TryGetDialog(id, out var dialog))
        {
            // §12.2.2: a request with a To tag for a dialog we do not know.
            transaction.SendResponse(transaction.CreateResponse(481));
            return;
        }
        if (!dialog.TryAcceptRemoteSequence(request.CSeq!.Value.Number))
        {
            transaction.SendResponse(transaction.CreateResponse(500, "Server Internal Error (CSeq out of order)"));
            return;
        }
        switch (request.Method)
        {
            case SipMethods.Prack:
                _reliable.OnPrack(dialog, transaction);
                return;
            case SipMethods.Invite or SipMethods.Update:
                if (!AdmitOffer(dialog, transaction)) return;
                dialog.RefreshTarget(request);
                Track(dialog, transaction, creating: false);
                break;
            case SipMethods.Bye:
                // The user sees the BYE while the dialog still stands (so it knows why it ends), then the dialog goes.
                _user.OnRequest(transaction, dialog);
                Terminate(dialog);
                return;
        }
        _user.OnRequest(transaction, dialog);
    }

    /// <summary>Glare and offer/answer rules for an incoming re-INVITE or UPDATE (§14.2, RFC 3311 §5.2).</summary>
    private bool AdmitOffer(Dialog dialog, ServerTransaction tx)
    {
        bool isInvite = tx.IsInvite;
        bool hasOffer = !tx.Request.Body.IsEmpty;
        int reject = 0;
        lock (dialog)
        {
            if (isInvite && dialog.LocalInvitePending) reject = 491;       // §14.2: our re-INVITE is in progress.
            else if (isInvite && dialog.RemoteInvitePending) reject = 500; // §14.2: their previous INVITE is unanswered.
            else if ((isInvite || hasOffer) && dialog.OfferAnswer == OfferAnswerState.LocalOfferPending) reject = 491;
            else if ((isInvite || hasOffer) && dialog.OfferAnswer == OfferAnswerState.RemoteOfferPending) reject = 500;
            else
            {
                if (hasOffer) dialog.OfferAnswer = OfferAnswerState.RemoteOfferPending;
                if (isInvite) dialog.RemoteInvitePending = true;
            }
        }
        if (reject == 0) return true;
        var response = tx.CreateResponse(reject);
        // §14.2, RFC 3311 §5.2: a 500 for a pending offer says when to retry, 0-10 s.
        if (reject == 500) response.Headers.Add(HeaderId.RetryAfter, RandomNumberGenerator.GetInt32(0, 11).ToString(System.Globalization.CultureInfo.InvariantCulture));
        tx.SendResponse(response);
        return false;
    }

    /// <summary>Keeps the dialog's state in step with what the TU answers on a transaction of this dialog.</summary>
    private void Track(Dialog dialog, ServerTransaction tx, bool creating)
    {
        tx.ResponseSent += (t, response) => OnResponseSent(dialog, t, response, creating);
    }

    private void OnResponseSent(Dialog dialog, ServerTransaction tx, SipResponse response, bool creating)
    {
        bool end = false;
        lock (dialog)
        {
            if (response.IsProvisional)
            {
                // RFC 3262 §5: an answer (or offer) may ride on a reliable provisional.
                if (!response.Body.IsEmpty && OptionTags.Has(response, HeaderId.Require, OptionTags.Rel100)) ApplyOurSdp(dialog, isInvite: true);
                return;
            }
            if (tx.IsInvite) dialog.RemoteInvitePending = false;
            if (response.IsSuccess)
            {
                if (creating) dialog.State = DialogState.Confirmed;
                if (!response.Body.IsEmpty) ApplyOurSdp(dialog, tx.IsInvite);
            }
            else
            {
                if (dialog.OfferAnswer == OfferAnswerState.RemoteOfferPending) dialog.OfferAnswer = OfferAnswerState.None;
                end = creating && dialog.State == DialogState.Early;
            }
        }
        // RFC 3262 §3: once a final response is sent, stop resending the unacknowledged provisional.
        if (end) Terminate(dialog);
        else _reliable.OnFinalResponse(dialog, tx);
    }

    private static void ApplyOurSdp(Dialog dialog, bool isInvite)
    {
        if (dialog.OfferAnswer == OfferAnswerState.RemoteOfferPending) dialog.OfferAnswer = OfferAnswerState.None;
        else if (dialog.OfferAnswer == OfferAnswerState.None && isInvite) dialog.OfferAnswer = OfferAnswerState.LocalOfferPending;
    }

    void ISipTransactionUser.OnAck(IncomingSipMessage ack)
    {
        var request = (SipRequest)ack.Message;
        if (DialogId.ForIncomingRequest(request) is not { } id || !TryGetDialog(id, out var dialog))
        {
            _logger.LogDebug("ACK for no known dialog from {Remote} dropped", ack.Remote);
            return;
        }
        lock (dialog)
        {
            if (!request.Body.IsEmpty && dialog.OfferAnswer == OfferAnswerState.LocalOfferPending) dialog.OfferAnswer = OfferAnswerState.None;
        }
        _user.OnAck(dialog, request);
    }

    void ISipTransactionUser.OnStrayResponse(IncomingSipMessage incoming)
    {
        var response = (SipResponse)incoming.Message;
        if (DialogId.ForResponse(response) is not { } id || response.CSeq is not { } cseq) return;
        if (TryGetDialog(id, out var dialog))
        {
            // §13.2.2.4: a retransmitted 2xx means our ACK was lost; send the same ACK again.
            (uint Sequence, SipRequest Ack)? last;
            lock (dialog) last = dialog.LastAck;
            if (last is { } l && l.Sequence == cseq.Number) _layer.SendStateless(l.Ack, dialog.RemoteEndPoint);
            return;
        }
        // §13.2.2.4: a 2xx from another fork after the transaction ended: acknowledge it, then hang that dialog up.
        var fork = Dialog.CreateUac(null, response, incoming.Remote);
        if (fork is null) return;
        _layer.SendStateless(fork.CreateAck(cseq.Number), incoming.Remote);
        _layer.SendRequest(fork.CreateRequest(SipMethods.Bye), incoming.Remote);
    }

    void ISipTransactionUser.OnAckTimeout(ServerTransaction transaction, SipResponse response)
    {
        if (response.CallId is { } callId && response.ToTag is { } local && response.FromTag is { } remote
            && TryGetDialog(new DialogId(callId, local, remote), out var dialog))
            _user.OnAckTimeout(dialog);
    }
}
