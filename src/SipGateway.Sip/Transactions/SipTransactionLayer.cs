using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Message;
using SipGateway.Sip.Security;
using SipGateway.Sip.Timing;
using SipGateway.Sip.Transport;

namespace SipGateway.Sip.Transactions;

/// <summary>
/// The transaction layer of RFC 3261 §17 and the parts of the UA core that must sit right above it (2xx
/// retransmission §13.3.1.4, CANCEL §9, merged requests §8.2.2.2). Transports hand every parsed message to
/// <see cref="Receive"/>; new requests go to the <see cref="ISipTransactionUser"/>; requests we send go through
/// <see cref="SendRequest"/>. Safe to call from several threads; nothing here blocks on I/O.
/// </summary>
public sealed class SipTransactionLayer : ISipMessageReceiver
{
    private readonly object _gate = new();
    private readonly ServerTransactionTable _servers = new();
    private readonly Dictionary<TransactionKey, ClientTransaction> _clients = [];
    private readonly Dictionary<AckKey, SuccessResponseRetransmitter> _pendingSuccess = [];
    private readonly ISipMessageSender _sender;
    private readonly ILogger _logger;
    private ISipTransactionUser? _user;
    private DigestLockout? _lockout;
    private long _droppedFromLockedSources;

    public SipTransactionLayer(ISipMessageSender sender, ITimerScheduler scheduler, SipTimerSettings? settings = null, ILogger? logger = null)
    {
        _sender = sender;
        Scheduler = scheduler;
        Settings = settings ?? SipTimerSettings.Default;
        Settings.Validate();
        _logger = logger ?? NullLogger.Instance;
    }

    public SipTimerSettings Settings { get; }
    public ITimerScheduler Scheduler { get; }
    public ISipMessageSender Sender => _sender;

    public int ServerTransactionCount { get { lock (_gate) return _servers.Count; } }
    public int ClientTransactionCount { get { lock (_gate) return _clients.Count; } }

    /// <summary>New requests dropped unanswered because their UDP source is locked out (see <see cref="DropFromLockedSources"/>).</summary>
    public long DroppedFromLockedSources => Interlocked.Read(ref _droppedFromLockedSources);

    /// <summary>
    /// From now on a new out-of-dialog request arriving over UDP from a source <paramref name="lockout"/> refuses is dropped
    /// unanswered, like a flood under Kamailio's pike: cheaper than a 403 under attack, and a guesser (svcrack) waiting
    /// for challenges gets nothing to go on. TCP and TLS peers still get the 403 naming the reason, and in-dialog requests
    /// pass so calls already up keep working.
    /// </summary>
    public void DropFromLockedSources(DigestLockout lockout) => Volatile.Write(ref _lockout, lockout);

    /// <summary>2xx responses still being resent while waiting for their ACK.</summary>
    public int UnacknowledgedSuccessCount { get { lock (_gate) return _pendingSuccess.Count; } }

    /// <summary>Wires the TU (usually a <see cref="DialogRouter"/>). Set it before transports start delivering.</summary>
    public void SetUser(ISipTransactionUser user) => Volatile.Write(ref _user, user);

    /// <summary>The one entry point from the transports: a parsed, validated message and where it came from.</summary>
    public void Receive(IncomingSipMessage incoming)
    {
        try
        {
            switch (incoming.Message)
            {
                case SipRequest request: ReceiveRequest(request, incoming); break;
                case SipResponse response: ReceiveResponse(response, incoming); break;
            }
        }
        catch (Exception ex)
        {
            // A bad message must never take the transport's receive loop down with it.
            _logger.LogError(ex, "Failed to process a message from {Remote}", incoming.Remote);
        }
    }

    /// <summary>
    /// Creates a client transaction without sending, so callers can subscribe to its events first; call
    /// <see cref="ClientTransaction.Start"/>. Adds a top Via with a fresh branch (and Max-Forwards) when the request has none.
    /// </summary>
    public ClientTransaction CreateClientTransaction(SipRequest request, SipEndPoint destination)
    {
        if (request.Method == SipMethods.Ack)
            throw new ArgumentException("An ACK is not a transaction (§17.1.1.1); use SendStateless.", nameof(request));
        Prepare(request, destination);
        var key = TransactionKey.ForClient(request) ?? throw new ArgumentException("The request needs a Via branch and a CSeq.", nameof(request));
        ClientTransaction tx = request.Method == SipMethods.Invite
            ? new InviteClientTransaction(this, key, request, destination)
            : new NonInviteClientTransaction(this, key, request, destination);
        lock (_gate)
        {
            if (!_clients.TryAdd(key, tx)) throw new InvalidOperationException($"A client transaction with branch {key.Branch} already exists.");
        }
        return tx;
    }

    /// <summary>Sends a request in a new client transaction.</summary>
    public ClientTransaction SendRequest(SipRequest request, SipEndPoint destination)
    {
        var tx = CreateClientTransaction(request, destination);
        tx.Start();
        return tx;
    }

    /// <summary>
    /// Cancels an INVITE we sent (§9.1): the CANCEL goes once a provisional response has arrived. False when the
    /// INVITE already has a final response. A 2xx that still arrives is answered with ACK and BYE here.
    /// </summary>
    public bool Cancel(InviteClientTransaction invite, string? reason = null) => invite.RequestCancel(reason);

    /// <summary>Sends a message outside any transaction: the ACK for a 2xx (§13.2.2.4) or a stateless response.</summary>
    public void SendStateless(SipMessage message, SipEndPoint destination)
    {
        if (message is SipRequest request) Prepare(request, destination);
        Transmit(message, destination, null);
    }

    private void Prepare(SipRequest request, SipEndPoint destination)
    {
        if (!request.Headers.Contains(HeaderId.Via))
        {
            var local = _sender.LocalEndPoint(destination.Transport);
            request.Headers.AddFirst(HeaderNames.Via,
                $"SIP/2.0/{destination.Transport.ViaName()} {local.Address};branch={SipIdentifiers.NewBranch()};rport");
        }
        if (!request.Headers.Contains(HeaderId.MaxForwards)) request.Headers.Add(HeaderId.MaxForwards, "70");
    }

    private void ReceiveResponse(SipResponse response, IncomingSipMessage incoming)
    {
        if (TransactionKey.ForClient(response) is not { } key)
        {
            _logger.LogDebug("Dropped a response without Via branch or CSeq from {Remote}", incoming.Remote);
            return;
        }
        ClientTransaction? tx;
        lock (_gate) _clients.TryGetValue(key, out tx);
        if (tx is not null) { tx.OnResponse(response); return; }
        // §17.1.1.2 / §13.2.2.4: a 2xx to an INVITE outlives the transaction; the TU must ACK it again.
        if (response.IsSuccess && key.Method == SipMethods.Invite && _user is { } user)
        {
            user.OnStrayResponse(incoming);
            return;
        }
        _logger.LogDebug("Dropped a {Status} matching no transaction from {Remote}", response.StatusCode, incoming.Remote);
    }

    private void ReceiveRequest(SipRequest request, IncomingSipMessage incoming)
    {
        if (request.Method == SipMethods.Ack) { ReceiveAck(request, incoming); return; }
        if (request.Method == SipMethods.Cancel) { ReceiveCancel(request, incoming); return; }
        if (TransactionKey.ForServer(request) is not { } key)
        {
            _logger.LogDebug("Dropped a {Method} without Via or CSeq from {Remote}", request.Method, incoming.Remote);
            return;
        }
        if (request.ToTag is null && incoming.Remote.Transport == SipTransportKind.Udp
            && Volatile.Read(ref _lockout)?.IsSourceLocked(incoming.Remote.Address.Address) == true)
        {
            // Counted by the lockout's once-a-minute summary line; nothing is logged per request (issue 24: log floods).
            Interlocked.Increment(ref _droppedFromLockedSources);
            return;
        }
        ServerTransaction? existing, created = null;
        bool merged = false;
        lock (_gate)
        {
            if (!_servers.TryGet(key, out existing))
            {
                merged = _servers.IsMerged(request, key);
                created = request.Method == SipMethods.Invite
                    ? new InviteServerTransaction(this, key, request, incoming.Remote, incoming.Local)
                    : new NonInviteServerTransaction(this, key, request, incoming.Remote, incoming.Local);
                _servers.Add(created);
            }
        }
        if (existing is not null)
        {
            existing.OnRetransmission();
            return;
        }
        if (merged)
        {
            // §8.2.2.2: the same request reached us twice by different paths (a forking proxy); answer the copy 482.
            created!.SendResponse(created.CreateResponse(482));
            return;
        }
        if (created is InviteServerTransaction invite) invite.SendTrying();
        if (_user is { } tu) tu.OnRequest(created!);
        else created!.SendResponse(created.CreateResponse(503, "Service Unavailable (starting)"));
    }

    private void ReceiveAck(SipRequest ack, IncomingSipMessage incoming)
    {
        if (TransactionKey.ForServer(ack, SipMethods.Invite) is not { } key) return;
        InviteServerTransaction? invite = null;
        lock (_gate)
        {
            if (_servers.TryGet(key, out var tx) && tx is InviteServerTransaction ist
                && (!key.IsRfc2543 || ist.LastResponse?.ToTag == ack.ToTag)) // §17.2.3: 2543 ACKs carry the response's To tag.
                invite = ist;
            invite ??= _servers.FindForStrayAck(ack);
        }
        if (invite is not null && invite.OnAck()) return;

        // Not absorbed: the ACK of a 2xx. Stop resending that 2xx and give the ACK to the TU (§13.3.1.4).
        if (AckKey.From(ack, ack.ToTag) is { } ackKey)
        {
            SuccessResponseRetransmitter? pending;
            lock (_gate) _pendingSuccess.Remove(ackKey, out pending);
            pending?.Stop();
            pending?.Transaction.OnSuccessAcknowledged();
        }
        _user?.OnAck(incoming);
    }

    private void ReceiveCancel(SipRequest cancel, IncomingSipMessage incoming)
    {
        if (TransactionKey.ForServer(cancel) is not { } key || TransactionKey.ForServer(cancel, SipMethods.Invite) is not { } inviteKey) return;
        ServerTransaction? existing;
        NonInviteServerTransaction? created = null;
        InviteServerTransaction? invite = null;
        lock (_gate)
        {
            if (!_servers.TryGet(key, out existing))
            {
                _servers.TryGet(inviteKey, out var match);
                invite = match as InviteServerTransaction;
                // §9.2: the 200 to the CANCEL carries the same To tag as the INVITE's responses.
                created = new NonInviteServerTransaction(this, key, cancel, incoming.Remote, incoming.Local, invite?.LocalTag);
                _servers.Add(created);
            }
        }
        if (existing is not null)
        {
            existing.OnRetransmission();
            return;
        }
        if (invite is null)
        {
            created!.SendResponse(created.CreateResponse(481));
            return;
        }
        created!.SendResponse(created.CreateResponse(200));
        invite.OnCancel();
    }

    internal void StartSuccessRetransmission(InviteServerTransaction tx, SipResponse response)
    {
        if (AckKey.From(response, response.ToTag) is not { } key) return;
        var retransmitter = new SuccessResponseRetransmitter(this, tx, response, key);
        SuccessResponseRetransmitter? previous;
        lock (_gate)
        {
            _pendingSuccess.Remove(key, out previous);
            _pendingSuccess[key] = retransmitter;
        }
        previous?.Stop();
        retransmitter.Start();
    }

    internal void OnSuccessUnacknowledged(SuccessResponseRetransmitter retransmitter)
    {
        lock (_gate)
        {
            if (_pendingSuccess.TryGetValue(retransmitter.Key, out var current) && ReferenceEquals(current, retransmitter))
                _pendingSuccess.Remove(retransmitter.Key);
        }
        _logger.LogInformation("No ACK for the {Status} to INVITE {CallId} after 64*T1", retransmitter.Response.StatusCode,
            retransmitter.Response.CallId);
        var user = _user;
        if (user is not null) Notify(() => user.OnAckTimeout(retransmitter.Transaction, retransmitter.Response));
    }

    /// <summary>The UAC core's answer to a 2xx for an INVITE it cancelled: ACK it, then BYE (§9.1, §15).</summary>
    internal void AcknowledgeAndHangUp(InviteClientTransaction tx, SipResponse response)
    {
        var dialog = Dialog.CreateUac(tx.Request, response, tx.Remote);
        if (dialog is null)
        {
            _logger.LogWarning("Cannot ACK/BYE a 2xx without To tag for cancelled INVITE {CallId}", response.CallId);
            return;
        }
        SendStateless(dialog.CreateAck(response.CSeq!.Value.Number), tx.Remote);
        SendRequest(dialog.CreateRequest(SipMethods.Bye), tx.Remote);
    }

    internal void Transmit(SipMessage message, SipEndPoint destination, SipTransaction? owner) =>
        _ = TransmitAsync(message, destination, owner);

    private async Task TransmitAsync(SipMessage message, SipEndPoint destination, SipTransaction? owner)
    {
        bool sent;
        try
        {
            sent = await _sender.SendAsync(message, destination).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            _logger.LogWarning(ex, "Send to {Destination} failed", destination);
            sent = false;
        }
        if (sent || owner is null) return;
        _logger.LogInformation("Transport failure sending to {Destination} for {Transaction}", destination, owner);
        // Handled on the timer thread, outside whatever lock the sender was called under.
        Scheduler.Schedule(TimeSpan.Zero, owner.OnTransportFailure);
    }

    internal void Notify(Action action)
    {
        try { action(); }
        catch (Exception ex) { _logger.LogError(ex, "Transaction user callback failed"); }
    }

    internal void Remove(SipTransaction tx)
    {
        lock (_gate)
        {
            if (tx is ServerTransaction server) _servers.Remove(server);
            else if (_clients.TryGetValue(tx.Key, out var current) && ReferenceEquals(current, tx)) _clients.Remove(tx.Key);
        }
    }
}
