using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using SipGateway.Media.Relay;
using SipGateway.Media.Transport;
using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Message;
using SipGateway.Sip.Sdp;
using SipGateway.Sip.Transactions;
using SipGateway.Sip.Transport;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// Media is anchored: each leg has the gateway's own RTP leg, and the gateway answers each side's offer itself
/// (RFC 3264), so neither peer sees the other's SDP. This class opens the caller's leg, answers the caller once a
/// target answered (or offers in the 200 for a delayed-offer INVITE, CUCM's default), takes the answer in the ACK, and
/// relays the two RTP legs with each side's negotiated formats.
/// </summary>
internal sealed class MediaAnchor(DialogRouter router, SipTransactionLayer layer, RtpPortAllocator ports,
    ConcurrentDictionary<string, Call> calls, CallControlOptions options, CallTeardown teardown, CallEventSubscribers events,
    SessionTimers sessionTimers, DtmfInterworking dtmf, TimeProvider clock, ILogger log)
{
    /// <summary>The o= session id of each SDP we create: unique and increasing (RFC 4566 §5.2 suggests an NTP time).</summary>
    private long _sdpSession = clock.GetUtcNow().UtcTicks / 10_000;

    public ulong NextSdpSession() => (ulong)Interlocked.Increment(ref _sdpSession);

    /// <summary>Where <paramref name="sdp"/> wants its audio sent (0.0.0.0 when it names no usable address).</summary>
    public static IPEndPoint EndPoint(SdpSessionDescription sdp)
    {
        var audio = sdp.FirstAudio ?? sdp.Media.First();
        var address = sdp.ConnectionFor(audio)?.Address ?? "0.0.0.0";
        return new IPEndPoint(IPAddress.TryParse(address, out var ip) ? ip : IPAddress.Any, audio.Port);
    }

    /// <summary>The caller's leg: our RTP port, the UAS dialog, and the call registered as active. False when rejected.</summary>
    public bool CreateInboundLeg(Call call, ServerTransaction tx, SdpSessionDescription? offer, SessionTimer? sessionTimer)
    {
        var caller = call.Caller;
        RtpLeg inboundMedia;
        try
        {
            inboundMedia = new RtpLeg(ports.Allocate());
        }
        catch (InvalidOperationException ex)
        {
            teardown.Reject(call, 503, "Service Unavailable (no RTP ports left)");
            log.CallResourceExhausted(call.Id, ex.Message);
            return false;
        }
        var inbound = new CallLeg(call, inbound: true, inboundMedia)
        {
            RemoteSdp = offer, Peer = tx.Remote.ToString(), SessionTimer = sessionTimer, PeerAllowsUpdate = CallLeg.AllowsUpdate(tx.Request),
            Device = caller.Device, Trunk = caller.Trunk?.Name,
        };
        inbound.Dialog = router.CreateUasDialog(tx, LocalContact(tx.Remote.Transport));
        inbound.Dialog.UserState = inbound;
        if (offer is not null) inbound.Media.SetRemote(EndPoint(offer));
        call.Inbound = inbound;
        calls[call.Id] = call;
        tx.Cancelled += _ => teardown.CallerCancelled(call);
        return true;
    }

    /// <summary>
    /// The caller's 200 once a target answered with <paramref name="codec"/>: our answer to its offer (the one already
    /// sent in a 183, if any), or our offer when its INVITE had none; then the relay starts.
    /// </summary>
    public void AnswerCaller(Call call, SdpCodec codec)
    {
        var inbound = call.Inbound!;
        GeneratedAudio.StopRingback(call);
        if (inbound.LocalSdp is not null && inbound.Codec is not null)
        {
            // Answered already in a 183 (early media or ringback): the 200 repeats that answer (RFC 3261 §13.2.1).
            if (!inbound.Codec.SameFormat(codec))
                log.TranscodingAfterEarlyMedia(call.Id, inbound.Codec.Name, codec.Name);
            codec = inbound.Codec;
        }
        else if (call.CallerOffer is { } offer)
        {
            // The codec the callee chose when the caller offered it too (no transcoding), else the caller's first G.711
            // codec, converted by the relay.
            codec = CodecChoice.ForCaller(offer, codec);
            var result = SdpAnswerer.Answer(offer, new SdpLocalMedia(options.MediaAddress, inbound.Media.LocalPort,
                [codec, SdpCodec.TelephoneEvent]), NextSdpSession(), 1);
            if (!result.Succeeded)
            {
                teardown.Hangup(call, inbound, 488, $"Not Acceptable Here ({result.Failure})");
                return;
            }
            inbound.LocalSdp = result.Answer;
        }
        else
        {
            // Delayed offer (CUCM's default): our offer goes in the 200, the caller's answer comes in the ACK.
            inbound.LocalSdp = SdpAnswerer.Offer(new SdpLocalMedia(options.MediaAddress, inbound.Media.LocalPort,
                [codec, SdpCodec.TelephoneEvent]), NextSdpSession(), 1);
        }
        inbound.Codec = codec;
        var ok = router.CreateResponse(inbound.Dialog!, call.InboundInvite, 200);
        ok.SetBody("application/sdp", inbound.LocalSdp!.ToString());
        SessionTimers.AddToAnswer(ok, inbound);
        if (!call.InboundInvite.SendResponse(ok))
        {
            // The caller cancelled while the callee answered (§9.1 race): hang up the answered leg.
            teardown.Hangup(call, inbound, 487, "Request Terminated");
            return;
        }
        events.Answered(call);
        sessionTimers.Arm(inbound);
        StartRelay(call);
    }

    /// <summary>An ACK for our 2xx on <paramref name="leg"/> (it carries the answer when our 2xx held the offer).</summary>
    public void OnAck(CallLeg leg, SipRequest ack)
    {
        if (!ack.Body.IsEmpty && SdpSessionDescription.TryParse(ack.BodyText, out var answer, out _))
        {
            leg.RemoteSdp = answer;
            if (answer.FirstAudio is { Port: > 0 } audio && answer.ConnectionFor(audio)?.IsHoldAddress != true)
                leg.Media.SetRemote(EndPoint(answer));
        }
        if (!leg.IsInbound) return;
        leg.Call.Confirm();
        StartRelay(leg.Call);
    }

    /// <summary>Relays the answered call's legs (nothing until both sides' addresses are known, or when it already runs).</summary>
    public void StartRelay(Call call)
    {
        if (call.ConnectMedia(early: false) is not { } relay) return;
        Relay(call, relay);
        log.Connected(call.Id, call.Inbound!.Media.LocalPort, call.Outbound!.Media.LocalPort, call.Inbound.Codec?.Name, call.Outbound.Codec?.Name);
    }

    /// <summary>Relays early media (RFC 3960) before the answer; the answer keeps the same relay.</summary>
    public void StartEarlyRelay(Call call)
    {
        if (call.ConnectMedia(early: true) is { } relay) Relay(call, relay);
    }

    private void Relay(Call call, RtpRelay relay)
    {
        ApplyLegFormats(call.Inbound!);
        ApplyLegFormats(call.Outbound!);
        dtmf.Connect(call, call.Inbound!, call.Outbound!);
        StartRelayThreads(relay);
    }

    /// <summary>
    /// Tells a leg's RTP side what its peer negotiated: the G.711 law (the relay converts between legs that differ) and
    /// the telephone-event payload type (each side's SDP picks its own number, RFC 4733 §7).
    /// </summary>
    public static void ApplyLegFormats(CallLeg leg)
    {
        if (leg.Codec is { } codec)
            leg.Media.AudioPayloadType = codec.SameFormat(SdpCodec.Pcma) || codec.SameFormat(SdpCodec.Pcmu) ? CodecChoice.PayloadType(codec) : null;
        var te = leg.RemoteSdp?.FirstAudio?.Codecs().FirstOrDefault(c => c.IsTelephoneEvent)
                 ?? leg.LocalSdp?.FirstAudio?.Codecs().FirstOrDefault(c => c.IsTelephoneEvent);
        if (te is not null) leg.Media.TelephoneEventPayloadType = te.PayloadType;
    }

    /// <summary>
    /// Starts the relay. Legs on the shared receive threads start in microseconds, here; legs that need a thread of
    /// their own start on the thread pool (creating threads is slow next to handling a SIP message, and the SIP thread
    /// serves every call). A BYE racing the answer may release the call first; starting a leg already closed is then
    /// refused and nothing runs.
    /// </summary>
    private static void StartRelayThreads(RtpRelay relay)
    {
        if (RtpLeg.ClosesWithoutWaiting) Start();
        else ThreadPool.UnsafeQueueUserWorkItem(_ => Start(), null);

        void Start()
        {
            try { relay.Start(); }
            catch (ObjectDisposedException) { }
        }
    }

    private SipUri LocalContact(SipTransportKind transport)
    {
        var local = layer.Sender.LocalEndPoint(transport).Address;
        var uri = SipUri.Sip("gw", local.Address.ToString(), local.Port);
        if (transport == SipTransportKind.Tcp) uri.Parameters.Set("transport", "tcp");
        return uri;
    }
}
