using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using SipGateway.Calls.CallControl;
using SipGateway.Media.Audio;
using SipGateway.Media.Pacing;
using SipGateway.Media.Relay;
using SipGateway.Media.Rtp;
using SipGateway.Media.Tones;
using SipGateway.Media.Transport;
using SipGateway.Routing;
using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Message;
using SipGateway.Sip.Sdp;
using SipGateway.Sip.Transactions;

namespace SipGateway.Calls.Origination;

/// <summary>
/// Places calls from the gateway itself (both legs as UAC, as UCM does for Dial Via Office, persistent connections and
/// auto-answer pages) and joins two answered legs by relaying their RTP. Each try at a target is an attempt of the one
/// outbound-leg engine (<see cref="OutboundLegs"/>): targets are tried in order with route list failover
/// (<see cref="FailoverRules"/>), a target silent for the member setup time gives way to the next, and a leg
/// unanswered within the no-answer time is cancelled.
/// </summary>
public sealed partial class LegOriginator : IOutboundAttemptEvents
{
    private readonly DialogRouter _router;
    private readonly SipTransactionLayer _layer;
    private readonly OutboundLegs _legsEngine;
    private readonly Func<FailoverRules> _planFailover;
    private readonly RtpPortAllocator _ports;
    private readonly CallControlOptions _options;
    private readonly PacedSender? _pacer;
    private readonly Func<ulong> _nextSdpSession;
    private readonly HoldOffers _holdOffers;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<string, OriginatedLeg> _legs = new();
    private long _nextId;

    /// <param name="planFailover">The dial plan's failover rules now in force, for legs whose targets carry none.</param>
    internal LegOriginator(DialogRouter router, SipTransactionLayer layer, OutboundLegs legs, Func<FailoverRules> planFailover, RtpPortAllocator ports,
        CallControlOptions options, PacedSender? pacer, Func<ulong> nextSdpSession, TimeProvider time, ILogger logger)
    {
        _holdOffers = new HoldOffers(router, logger);
        (_router, _layer, _legsEngine, _planFailover, _ports, _options, _pacer, _nextSdpSession, _time, _log) =
            (router, layer, legs, planFailover, ports, options, pacer, nextSdpSession, time, logger);
    }

    public int ActiveLegs => _legs.Count;

    /// <summary>
    /// Creates a leg to the first of <paramref name="targets"/>; subscribe to its events, then <see cref="Start"/> it.
    /// </summary>
    /// <param name="options">Offer, auto-answer and failover; <see cref="OriginateOptions.Default"/> when null.</param>
    /// <exception cref="InvalidOperationException">No RTP port left, or no target.</exception>
    public OriginatedLeg Create(IReadOnlyList<CallTarget> targets, PartyIdentity from, OriginateOptions? options = null)
    {
        if (targets.Count == 0) throw new InvalidOperationException("no target to call");
        var media = new RtpLeg(_ports.Allocate());
        var leg = new OriginatedLeg(this, "leg-" + Interlocked.Increment(ref _nextId), targets, from, media, options ?? OriginateOptions.Default);
        _legs[leg.Id] = leg;
        return leg;
    }

    public void Start(OriginatedLeg leg) => SendInvite(leg);

    private void SendInvite(OriginatedLeg leg)
    {
        CallTarget target;
        OutboundAttempt attempt;
        lock (leg.Gate)
        {
            if (leg.State == OriginatedLegState.Ended) return;
            target = leg.Targets[leg.NextTarget++];
            leg.Target = target;
            leg.Attempt = attempt = new OutboundAttempt(target, leg);
        }
        var offer = SdpAnswerer.Offer(new SdpLocalMedia(_options.MediaAddress, leg.Media.LocalPort, leg.Options.Codecs), NextSdpSession(), 1, leg.Options.Direction);
        leg.LocalSdp = offer;
        var invite = LegInvite.ForOriginated(target, leg.From, _options, _layer.Sender.LocalEndPoint(target.Destination.Transport), offer, leg.Options.AutoAnswer);
        // Handlers are in place before the INVITE goes out: this runs on a CTI (HTTP) thread, and a 180 that came before
        // the handler was lost (a DVO call then never showed Offering). Targets are tried one at a time, as route members.
        _legsEngine.Send(attempt, invite, this, setupTimer: true, _options.NoAnswerTimeout);
        _log.InviteSent(leg.Id, target.Label, leg.From.DisplayName, leg.From.Number);
    }

    void IOutboundAttemptEvents.OnSending(OutboundAttempt attempt) { }

    void IOutboundAttemptEvents.OnProvisional(OutboundAttempt attempt, SipResponse response)
    {
        var leg = (OriginatedLeg)attempt.Owner;
        if (response.StatusCode == 100) return;
        lock (leg.Gate)
        {
            if (leg.Attempt != attempt || leg.State != OriginatedLegState.Calling) return;
            leg.State = OriginatedLegState.Ringing;
        }
        leg.RaiseRinging();
    }

    /// <summary>Handled off the SIP thread: answering starts media and runs the feature's handlers (which may place more legs).</summary>
    void IOutboundAttemptEvents.OnFinal(OutboundAttempt attempt, SipResponse response) =>
        ThreadPool.UnsafeQueueUserWorkItem(_ => OnFinal((OriginatedLeg)attempt.Owner, attempt, response), null);

    void IOutboundAttemptEvents.OnSilent(OutboundAttempt attempt)
    {
        var leg = (OriginatedLeg)attempt.Owner;
        bool next;
        lock (leg.Gate)
        {
            if (attempt.HeardFrom || leg.Attempt != attempt || leg.State == OriginatedLegState.Ended) return;
            attempt.Abandoned = true;
            next = leg.NextTarget < leg.Targets.Count;
        }
        _log.AttemptSilent(leg.Id, attempt.Target.Label, _options.MemberSetupTimeout);
        if (next) SendInvite(leg);
        else Hangup(leg, 408, "Request Timeout (route member did not respond)");
    }

    void IOutboundAttemptEvents.OnNoAnswer(OutboundAttempt attempt)
    {
        var leg = (OriginatedLeg)attempt.Owner;
        lock (leg.Gate)
        {
            if (leg.Attempt != attempt) return;
        }
        Hangup(leg, 480, "Temporarily Unavailable (no answer)");
    }

    private void OnFinal(OriginatedLeg leg, OutboundAttempt attempt, SipResponse response)
    {
        if (response.IsSuccess)
        {
            OnAnswered(leg, attempt, response);
            return;
        }
        bool next;
        lock (leg.Gate)
        {
            attempt.HeardFrom = true;
            if (leg.Attempt != attempt || leg.State == OriginatedLegState.Ended) return;
            // UCM route list failover, the rules the B2BUA's route members follow (a busy or unallocated answer stops).
            next = leg.NextTarget < leg.Targets.Count
                   && OutboundLegs.ShouldTryNext(leg.Options.Failover, _planFailover(), response.StatusCode);
        }
        _log.AttemptFailed(leg.Id, leg.Target?.Label, response.StatusCode);
        if (next) SendInvite(leg);
        else End(leg, response.StatusCode, response.ReasonPhrase);
    }

    private void OnAnswered(OriginatedLeg leg, OutboundAttempt attempt, SipResponse response)
    {
        var dialog = _legsEngine.DialogOf(response);
        if (dialog is null) return;
        bool hangUp;
        lock (leg.Gate)
        {
            hangUp = leg.State == OriginatedLegState.Ended || leg.Attempt != attempt || leg.Dialog is not null;
            if (!hangUp)
            {
                leg.Dialog = dialog;
                leg.State = OriginatedLegState.Answered;
            }
        }
        if (hangUp)
        {
            // Answered after we gave up (CANCEL crossed the 200, a silent target woke up) or a second fork: hang that dialog up.
            _legsEngine.RefuseAnswer(dialog, response);
            return;
        }
        _legsEngine.Acknowledge(dialog, response);
        dialog.UserState = leg;
        SdpSessionDescription? answer = !response.Body.IsEmpty && SdpSessionDescription.TryParse(response.BodyText, out var parsed, out _) ? parsed : null;
        var codec = answer?.FirstAudio?.Codecs().FirstOrDefault(c => !c.IsTelephoneEvent && (c.SameFormat(SdpCodec.Pcmu) || c.SameFormat(SdpCodec.Pcma)));
        if (answer is null || codec is null)
        {
            Hangup(leg, 488, "Not Acceptable Here (answer without usable SDP)");
            return;
        }
        leg.RemoteSdp = answer;
        leg.Codec = codec;
        leg.Media.SetRemote(MediaEndPoint(answer));
        leg.Media.AudioPayloadType = codec.SameFormat(SdpCodec.Pcma) ? RtpPayloadTypes.Pcma : RtpPayloadTypes.Pcmu;
        if (answer.FirstAudio!.Codecs().FirstOrDefault(c => c.IsTelephoneEvent) is { } te) leg.Media.TelephoneEventPayloadType = te.PayloadType;
        try
        {
            leg.Media.Start();
            leg.MediaStarted = true;
        }
        catch (ObjectDisposedException) { return; }
        _log.Answered(leg.Id, leg.Target?.Label, codec.Name, leg.Media.LocalPort);
        leg.RaiseAnswered();
    }

    /// <summary>Relays RTP between two answered legs (each in its own G.711 law; the relay converts).</summary>
    public void Join(OriginatedLeg a, OriginatedLeg b)
    {
        lock (a.Gate) lock (b.Gate)
        {
            if (a.State != OriginatedLegState.Answered || b.State != OriginatedLegState.Answered)
                throw new InvalidOperationException("both legs must be answered to be joined");
            a.Partner = b;
            b.Partner = a;
            a.Relay = b.Relay = new RtpRelay(a.Media, b.Media);
        }
        _log.Joined(a.Id, b.Id, a.Media.LocalPort, b.Media.LocalPort);
    }

    /// <summary>Stops relaying between a leg and its partner (or its conference) without ending either (the partner may be joined elsewhere).</summary>
    public void Split(OriginatedLeg leg)
    {
        LeaveConference(leg);
        OriginatedLeg? partner;
        lock (leg.Gate)
        {
            partner = leg.Partner;
            leg.Partner = null;
            leg.Relay = null;
            leg.Media.Forward = null;
        }
        if (partner is null) return;
        lock (partner.Gate)
        {
            partner.Partner = null;
            partner.Relay = null;
            partner.Media.Forward = null;
        }
    }

    /// <summary>
    /// Puts the leg's peer on hold: nothing is relayed between it and its partner, and it hears music on hold
    /// (Calls:MusicOnHold, as UCM's MOH source) until retrieved.
    /// </summary>
    public bool Hold(OriginatedLeg leg, bool hold)
    {
        RtpRelay? relay;
        LegPlayer? music;
        lock (leg.Gate)
        {
            if (leg.State != OriginatedLegState.Answered || leg.Held == hold) return false;
            leg.Held = hold;
            relay = leg.Relay;
            music = leg.MusicOnHold;
            leg.MusicOnHold = null;
        }
        music?.Stop();
        if (relay is not null && leg.Partner is { } partner)
        {
            if (hold) { relay.Hold(leg.Media); relay.Hold(partner.Media); }
            else { relay.Resume(leg.Media); relay.Resume(partner.Media); }
        }
        _holdOffers.Send(leg, hold);
        if (hold && _options.MusicOnHold is { } clip && _pacer is not null)
        {
            var player = LegPlayer.PlayClip(_pacer, leg.Media, clip, loop: true);
            lock (leg.Gate)
            {
                if (leg.Held && leg.State == OriginatedLegState.Answered) leg.MusicOnHold = player;
                else player.Stop();
            }
        }
        return true;
    }

    /// <summary>Plays a tone to the leg's peer (zip tone, whisper); relayed audio toward it is held meanwhile.</summary>
    public LegPlayer? PlayTone(OriginatedLeg leg, ToneSpec tone)
    {
        if (_pacer is null || leg.State != OriginatedLegState.Answered) return null;
        return LegPlayer.PlayTone(_pacer, leg.Media, tone, leg.Relay);
    }

    /// <summary>Plays an announcement once to the leg's peer (whisper); relayed audio toward it is held meanwhile.</summary>
    public LegPlayer? PlayClip(OriginatedLeg leg, AudioClip clip)
    {
        if (_pacer is null || leg.State != OriginatedLegState.Answered) return null;
        return LegPlayer.PlayClip(_pacer, leg.Media, clip, loop: false, leg.Relay);
    }

    /// <summary>Sends RFC 4733 telephone events for <paramref name="digits"/> to the leg's peer.</summary>
    public bool SendDigits(OriginatedLeg leg, string digits)
    {
        if (leg.State != OriginatedLegState.Answered) return false;
        _ = SendDigitsAsync(leg, digits);
        return true;
    }

    private async Task SendDigitsAsync(OriginatedLeg leg, string digits)
    {
        try
        {
            foreach (var digit in digits)
            {
                await leg.Media.SendDigitAsync(digit, TimeSpan.FromMilliseconds(100));
                await Task.Delay(TimeSpan.FromMilliseconds(60), _time);
            }
        }
        catch (Exception ex) when (ex is ObjectDisposedException or ArgumentException)
        {
            _log.DigitsStopped(leg.Id, ex.Message);
        }
    }

    /// <summary>Ends the leg: CANCEL before an answer, BYE after, either with a Reason (RFC 3326).</summary>
    public void Hangup(OriginatedLeg leg, int code, string reason)
    {
        OutboundAttempt? attempt;
        Dialog? dialog;
        OriginatedLegState state;
        lock (leg.Gate)
        {
            state = leg.State;
            if (state == OriginatedLegState.Ended) return;
            attempt = leg.Attempt;
            dialog = leg.Dialog;
        }
        var why = $"SIP;cause={code};text=\"{reason.Replace("\"", "'")}\"";
        if (state == OriginatedLegState.Answered && dialog is { State: DialogState.Confirmed })
        {
            var bye = dialog.CreateRequest(SipMethods.Bye);
            bye.Headers.Add("Reason", why);
            _router.SendRequest(dialog, bye);
        }
        else if (attempt is not null) _legsEngine.Cancel(attempt, why);
        End(leg, code, reason);
    }

    internal bool OnInDialogRequest(OriginatedLeg leg, ServerTransaction tx, Dialog dialog)
    {
        switch (tx.Request.Method)
        {
            case SipMethods.Bye:
                End(leg, 200, "Normal call clearing (BYE from peer)");
                tx.SendResponse(tx.CreateResponse(200));
                return true;
            case SipMethods.Invite or SipMethods.Update:
                // A refresh or new offer: keep our media where it is and answer with our address again (RFC 3264 §8).
                if (!tx.Request.Body.IsEmpty && SdpSessionDescription.TryParse(tx.Request.BodyText, out var offer, out _)
                    && offer.FirstAudio is { Port: > 0 } && offer.ConnectionFor(offer.FirstAudio)?.IsHoldAddress != true)
                    leg.Media.SetRemote(MediaEndPoint(offer));
                var ok = _router.CreateResponse(dialog, tx, 200);
                var codec = leg.Codec ?? SdpCodec.Pcmu;
                ok.SetBody("application/sdp", SdpAnswerer.Offer(new SdpLocalMedia(_options.MediaAddress, leg.Media.LocalPort, [codec, SdpCodec.TelephoneEvent]),
                    NextSdpSession(), 2).ToString());
                tx.SendResponse(ok);
                return true;
            case SipMethods.Options or SipMethods.Info or SipMethods.Notify:
                tx.SendResponse(tx.CreateResponse(200));
                return true;
            default:
                return false;
        }
    }

    internal void OnDialogTerminated(OriginatedLeg leg)
    {
        if (leg.State == OriginatedLegState.Answered) End(leg, 408, "Request Timeout (dialog ended)");
    }

    private void End(OriginatedLeg leg, int code, string reason)
    {
        lock (leg.Gate)
        {
            if (leg.State == OriginatedLegState.Ended) return;
            leg.State = OriginatedLegState.Ended;
            leg.EndCode = code;
            leg.EndReason = reason;
        }
        leg.Attempt?.StopTimers();
        LegPlayer? music;
        lock (leg.Gate) (music, leg.MusicOnHold) = (leg.MusicOnHold, null);
        music?.Stop();
        _legs.TryRemove(leg.Id, out _);
        Split(leg);
        // Closing the RTP leg joins its receive thread: off the SIP thread.
        ThreadPool.UnsafeQueueUserWorkItem(_ => leg.Media.Dispose(), null);
        _log.Ended(leg.Id, code, reason);
        leg.RaiseEnded();
    }

    private static IPEndPoint MediaEndPoint(SdpSessionDescription sdp)
    {
        var audio = sdp.FirstAudio ?? sdp.Media.First();
        var address = sdp.ConnectionFor(audio)?.Address ?? "0.0.0.0";
        return new IPEndPoint(IPAddress.TryParse(address, out var ip) ? ip : IPAddress.Any, audio.Port);
    }

    /// <summary>One SDP session-id sequence for every leg the gateway offers on (RFC 4566 §5.2: unique per origin).</summary>
    private ulong NextSdpSession() => _nextSdpSession();
}
