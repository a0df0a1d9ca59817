using Microsoft.Extensions.Logging;
using SipGateway.Media.Relay;
using SipGateway.Routing;
using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Message;
using SipGateway.Sip.Sdp;
using SipGateway.Sip.Transactions;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// Call transfer by REFER (RFC 3515), carried out by the B2BUA itself as UCM does: the transferee never sees a REFER.
/// Blind: the gateway calls the Refer-To target for the transferee and, once answered, connects the two and drops the
/// transferor. Attended (Refer-To with Replaces, RFC 3891): the transferor's two calls are joined. Progress reaches the
/// transferor as NOTIFYs with message/sipfrag bodies.
/// </summary>
public sealed partial class BackToBackUserAgent
{
    private void OnRefer(ServerTransaction tx, Dialog dialog, CallLeg transferor)
    {
        var call = transferor.Call;
        var referTo = tx.Request.Headers[HeaderId.ReferTo];
        NameAddress? target = null;
        string? error = "missing";
        if (referTo is null || !NameAddress.TryParse(referTo, out target, out error) || target is null)
        {
            tx.SendResponse(tx.CreateResponse(400, $"Bad Request (Refer-To: {error ?? "unreadable"})"));
            return;
        }
        var transferee = OtherLeg(call, transferor);
        if (!call.IsAnswered || transferee is null)
        {
            tx.SendResponse(tx.CreateResponse(403, "Forbidden (no established call to transfer)"));
            return;
        }
        var replaces = ReplacesOf(target.Uri);
        tx.SendResponse(_router.CreateResponse(dialog, tx, 202, "Accepted"));
        NotifyTransferor(transferor, 100, "Trying", final: false);
        if (replaces is not null) AttendedTransfer(call, transferor, transferee, replaces.Value);
        else BlindTransfer(call, transferor, transferee, target.Uri.UserUnescaped ?? "");
    }

    /// <summary>RFC 3515 §2.4.5: the REFER's implicit subscription reports the new call's progress as a sipfrag.</summary>
    private void NotifyTransferor(CallLeg transferor, int code, string reason, bool final)
    {
        if (transferor.Dialog is not { State: DialogState.Confirmed } d) return;
        var notify = d.CreateRequest(SipMethods.Notify);
        notify.Headers.Add(HeaderId.Event, "refer");
        notify.Headers.Add("Subscription-State", final ? "terminated;reason=noresource" : "active;expires=60");
        notify.SetBody("message/sipfrag;version=2.0", $"SIP/2.0 {code} {reason}\r\n");
        _router.SendRequest(d, notify);
    }

    // ---------------------------------------------------------------- blind

    private void BlindTransfer(Call call, CallLeg transferor, CallLeg transferee, string digits)
    {
        Caller analysisCaller;
        try
        {
            analysisCaller = transferor.Device is { } device ? _plan.CallerFromDevice(device, LineIndex(device, transferor.Dialog?.LocalParty.Uri.UserUnescaped ?? ""))
                : transferor.Trunk is { } trunk ? _plan.CallerFromTrunk(trunk)
                : throw new KeyNotFoundException("the transferor is neither a device nor a trunk");
        }
        catch (KeyNotFoundException ex)
        {
            NotifyTransferor(transferor, 403, $"Forbidden ({ex.Message})", final: true);
            return;
        }
        if (IsMeetMe(digits))
        {
            TransferIntoConference(call, transferor, transferee, digits);
            return;
        }
        var presented = ReferenceEquals(transferee, call.Inbound) ? call.CallingFinal ?? call.CallingOriginal : call.CalledFinal;
        var decision = _analysis.Analyze(analysisCaller, digits, presented);
        _log.BlindTransfer(call.Id, transferee.Peer, digits, decision.Result);
        var targets = decision.Result switch
        {
            RoutingResult.DirectoryNumber => DirectoryNumberTargets(decision),
            RoutingResult.Route => RouteTargets(decision),
            _ => [],
        };
        if (targets.Count == 0)
        {
            var (code, reason) = decision.Result switch
            {
                RoutingResult.Block => (403, $"Forbidden ({decision.BlockReason ?? "blocked"})"),
                RoutingResult.Unallocated => (404, "Not Found"),
                RoutingResult.DirectoryNumber => (480, "Temporarily Unavailable"),
                _ => (503, "Service Unavailable"),
            };
            NotifyTransferor(transferor, code, reason, final: true);
            return;
        }
        var codec = transferee.Codec ?? call.Codec ?? SdpCodec.Pcmu;
        RtpLeg media;
        try { media = new RtpLeg(_ports.Allocate()); }
        catch (InvalidOperationException)
        {
            NotifyTransferor(transferor, 503, "Service Unavailable (no RTP ports left)", final: true);
            return;
        }
        // Route members one after another with the route's failover rules, as a call's; a line's contacts all at once.
        var sequential = decision.Result == RoutingResult.Route;
        var transfer = new TransferAttempt(call, transferor, transferee, media, targets.ToList(), sequential ? decision.Failover : null, sequential);
        // The transferee's codec first; the other law too, which the relay converts.
        var offer = SdpAnswerer.Offer(new SdpLocalMedia(_options.MediaAddress, media.LocalPort,
            [codec, codec.SameFormat(SdpCodec.Pcma) ? SdpCodec.Pcmu : SdpCodec.Pcma, SdpCodec.TelephoneEvent]), NextSdpSession(), 1);
        transfer.Offer = offer;
        if (sequential) SendTransferInvite(transfer, transfer.Targets[transfer.NextTarget++]);
        else foreach (var target in transfer.Targets) SendTransferInvite(transfer, target);
    }

    /// <summary>The transfer target's INVITE, an attempt of the one outbound-leg engine (its answer is handled below).</summary>
    private void SendTransferInvite(TransferAttempt transfer, CallTarget target)
    {
        var invite = LegInvite.ForCall(target, transfer.Call.InboundRequest, _options, _layer.Sender.LocalEndPoint(target.Destination.Transport), transfer.Offer!);
        Legs.Send(new OutboundAttempt(target, transfer), invite, this, setupTimer: transfer.Sequential, _options.NoAnswerTimeout);
    }

    private static void OnTransferTargetSending(TransferAttempt transfer, OutboundAttempt attempt)
    {
        lock (transfer) transfer.Pending.Add(attempt);
    }

    private void OnTransferTargetProvisional(TransferAttempt transfer, SipResponse response)
    {
        if (response.StatusCode == 180) NotifyTransferor(transfer.Transferor, 180, "Ringing", final: false);
    }

    /// <summary>A route member silent for the member setup time gives way to the next, as a call's does.</summary>
    private void OnTransferTargetSilent(TransferAttempt transfer, OutboundAttempt attempt)
    {
        lock (transfer)
        {
            if (attempt.HeardFrom || transfer.Done) return;
            attempt.Abandoned = true;
        }
        TransferTargetFailed(transfer, attempt, 408, "Request Timeout (route member did not respond)");
    }

    private void OnTransferTargetFinal(TransferAttempt transfer, OutboundAttempt attempt, SipResponse response)
    {
        var call = transfer.Call;
        var target = attempt.Target;
        if (!response.IsSuccess)
        {
            TransferTargetFailed(transfer, attempt, response.StatusCode, response.ReasonPhrase ?? "Failed");
            return;
        }
        var dialog = Legs.DialogOf(response);
        if (dialog is null) return;
        Legs.Acknowledge(dialog, response);
        List<OutboundAttempt> others;
        bool won;
        lock (transfer)
        {
            won = !transfer.Done;
            transfer.Done = true;
            others = transfer.Pending.Where(p => p != attempt).ToList();
            transfer.Pending.Clear();
        }
        foreach (var o in others) Legs.Cancel(o, CancelReasons.AnsweredElsewhere);
        SdpSessionDescription? answer = null;
        if (!response.Body.IsEmpty && SdpSessionDescription.TryParse(response.BodyText, out var parsed, out _)) answer = parsed;
        var codec = answer?.FirstAudio?.Codecs().FirstOrDefault(c => !c.IsTelephoneEvent);
        if (!won || answer is null || codec is null || !call.IsAnswered)
        {
            _router.SendRequest(dialog, dialog.CreateRequest(SipMethods.Bye));
            if (won)
            {
                transfer.Media.Dispose();
                NotifyTransferor(transfer.Transferor, 488, "Not Acceptable Here", final: true);
            }
            return;
        }
        var leg = new CallLeg(call, inbound: false, transfer.Media)
        {
            Dialog = dialog, RemoteSdp = answer, LocalSdp = transfer.Offer, Codec = codec, Peer = target.Destination.ToString(),
            Device = target.Device, Trunk = target.Trunk, PeerAllowsUpdate = AllowsUpdate(response),
            SessionTimer = _sessionTimers.OfAnswer(response),
        };
        dialog.UserState = leg;
        leg.Media.SetRemote(MediaEndPoint(answer));
        lock (call.Gate)
        {
            call.Forwards.Add($"Transfer: {transfer.Transferor.Peer} -> {target.Label}");
            call.RouteMember = target.Trunk ?? target.Label;
        }
        ReplaceLeg(call, transfer.Transferor, leg, startNewLeg: true);
        _sessionTimers.Arm(leg);
        NotifyTransferor(transfer.Transferor, 200, "OK", final: true);
        DropTransferor(transfer.Transferor, "Call transferred");
        _log.Transferred(call.Id, transfer.Transferee.Peer, leg.Peer);
        _events.Transferred(call);
    }

    /// <summary>One target failed: the next route member when the failover rules say so, else, when it was the last
    /// one ringing, the transferor hears why.</summary>
    private void TransferTargetFailed(TransferAttempt transfer, OutboundAttempt attempt, int code, string reason)
    {
        CallTarget? next = null;
        bool last;
        lock (transfer)
        {
            if (!transfer.Pending.Remove(attempt)) return;
            if (transfer.Sequential && !transfer.Done && transfer.NextTarget < transfer.Targets.Count
                && OutboundLegs.ShouldTryNext(transfer.Failover, _plan.FailoverRules, code))
                next = transfer.Targets[transfer.NextTarget++];
            last = next is null && transfer.Pending.Count == 0 && !transfer.Done;
            if (last) transfer.Done = true;
        }
        if (next is not null)
        {
            SendTransferInvite(transfer, next);
            return;
        }
        if (!last) return;
        transfer.Media.Dispose();
        NotifyTransferor(transfer.Transferor, code, reason, final: true);
        _log.TransferTargetFailed(transfer.Call.Id, attempt.Target.Label, code);
    }

    // ---------------------------------------------------------------- attended

    private void AttendedTransfer(Call call, CallLeg transferor, CallLeg transferee, (string CallId, string ToTag, string FromTag) replaces)
    {
        // The Replaces dialog is one of ours with the transferor; tags are named from either end, so try both ways.
        Dialog? other = _router.TryGetDialog(new DialogId(replaces.CallId, replaces.ToTag, replaces.FromTag), out var a) ? a
            : _router.TryGetDialog(new DialogId(replaces.CallId, replaces.FromTag, replaces.ToTag), out var b) ? b : null;
        if (other?.UserState is not CallLeg otherTransferorLeg || otherTransferorLeg.Call is not { } call2 || ReferenceEquals(call2, call)
            || !call2.IsAnswered || OtherLeg(call2, otherTransferorLeg) is not { } target)
        {
            NotifyTransferor(transferor, 481, "Call/Transaction Does Not Exist (Replaces names no call of the transferor)", final: true);
            return;
        }
        // The target leg moves from the consultation call into the transferred one; the consultation call ends.
        lock (call2.Gate)
        {
            if (ReferenceEquals(call2.Inbound, target)) call2.Inbound = null; else call2.Outbound = null;
            call2.Relay = null; // its legs now belong elsewhere or are released below
        }
        GeneratedAudio.StopMusicOnHold(call2);
        SessionTimers.Disarm(call2);
        otherTransferorLeg.Dialog!.UserState = null;
        _teardown.End(call2, 200, "Normal call clearing (joined by an attended transfer)");
        otherTransferorLeg.Media.Dispose();
        if (otherTransferorLeg.Dialog is { State: DialogState.Confirmed } d2) SendBye(d2, "Call transferred");
        target.Call = call;
        lock (call.Gate) call.Forwards.Add($"Attended transfer: {transferor.Peer} joined {transferee.Peer} and {target.Peer}");
        ReplaceLeg(call, transferor, target, startNewLeg: false);
        NotifyTransferor(transferor, 200, "OK", final: true);
        DropTransferor(transferor, "Call transferred");
        _log.AttendedTransfer(call.Id, transferee.Peer, target.Peer);
        _events.Transferred(call);
    }

    // ---------------------------------------------------------------- shared

    /// <summary>Swaps the transferor's leg for <paramref name="replacement"/> and relays the transferee to it.</summary>
    private void ReplaceLeg(Call call, CallLeg transferor, CallLeg replacement, bool startNewLeg)
    {
        GeneratedAudio.StopMusicOnHold(call);
        transferor.SessionTimer?.Pending?.Cancel();
        lock (call.Gate)
        {
            var transferee = OtherLeg(call, transferor)!;
            if (ReferenceEquals(call.Inbound, transferor)) call.Inbound = replacement; else call.Outbound = replacement;
            transferee.HeldByPeer = false;
            replacement.HeldByPeer = false;
            // The transferee's RTP leg keeps running (and its outbound stream continuous); only its partner changes.
            transferor.Media.Forward = null;
            call.Relay = new RtpRelay(transferee.Media, replacement.Media);
        }
        ApplyLegFormats(replacement);
        _dtmf.Connect(call, OtherLeg(call, replacement)!, replacement);
        if (startNewLeg) replacement.Media.Start();
        transferor.Media.Dispose();
    }

    private void DropTransferor(CallLeg transferor, string reason)
    {
        if (transferor.Dialog is not { } d) return;
        d.UserState = null; // its end is no longer the call's end
        if (d.State == DialogState.Confirmed) SendBye(d, reason);
    }

    private void SendBye(Dialog dialog, string reason)
    {
        var bye = dialog.CreateRequest(SipMethods.Bye);
        bye.Headers.Add("Reason", $"SIP;cause=200;text=\"{reason}\"");
        _router.SendRequest(dialog, bye);
    }

    /// <summary>The Replaces header carried in a Refer-To URI ("?Replaces=callid%3Bto-tag%3Dx%3Bfrom-tag%3Dy").</summary>
    private static (string CallId, string ToTag, string FromTag)? ReplacesOf(SipUri uri)
    {
        if (uri.Headers is not { } headers) return null;
        foreach (var h in headers.Split('&'))
        {
            var eq = h.IndexOf('=');
            if (eq < 0 || !h[..eq].Equals("Replaces", StringComparison.OrdinalIgnoreCase)) continue;
            var value = Uri.UnescapeDataString(h[(eq + 1)..]);
            var parts = value.Split(';', StringSplitOptions.TrimEntries);
            string? to = null, from = null;
            foreach (var p in parts.Skip(1))
            {
                if (p.StartsWith("to-tag=", StringComparison.OrdinalIgnoreCase)) to = p[7..];
                else if (p.StartsWith("from-tag=", StringComparison.OrdinalIgnoreCase)) from = p[9..];
            }
            if (to is not null && from is not null) return (parts[0], to, from);
        }
        return null;
    }

    private sealed class TransferAttempt(Call call, CallLeg transferor, CallLeg transferee, RtpLeg media, List<CallTarget> targets,
        FailoverRules? failover, bool sequential)
    {
        public Call Call { get; } = call;
        public CallLeg Transferor { get; } = transferor;
        public CallLeg Transferee { get; } = transferee;
        public RtpLeg Media { get; } = media;
        public List<CallTarget> Targets { get; } = targets;
        /// <summary>Route members, tried one at a time by <see cref="Failover"/>; a line's contacts ring at once.</summary>
        public bool Sequential { get; } = sequential;
        public FailoverRules? Failover { get; } = failover;
        public int NextTarget { get; set; }
        public List<OutboundAttempt> Pending { get; } = [];
        public SdpSessionDescription? Offer { get; set; }
        public bool Done { get; set; }
    }
}
