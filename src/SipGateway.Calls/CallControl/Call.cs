using SipGateway.Media.Pacing;
using SipGateway.Media.Relay;
using SipGateway.Sip.Message;
using SipGateway.Sip.Sdp;
using SipGateway.Sip.Transactions;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// One call through the B2BUA: the inbound leg (the caller's INVITE and dialog), the outbound attempts (forks to every
/// registered contact, or route members one after another) and, once answered, the winning outbound leg and the relay
/// between the two RTP legs. State changes happen under <see cref="Gate"/>.
/// </summary>
public sealed class Call
{
    internal readonly object Gate = new();

    public Call(string id, CallerIdentity caller, ServerTransaction invite, string calledOriginal, string? callingOriginal, DateTimeOffset startUtc)
    {
        Id = id;
        Caller = caller;
        InboundInvite = invite;
        InboundRequest = invite.Request;
        CalledOriginal = calledOriginal;
        CallingOriginal = callingOriginal;
        StartUtc = startUtc;
    }

    public string Id { get; }
    public CallerIdentity Caller { get; }
    public ServerTransaction InboundInvite { get; }

    /// <summary>The caller's INVITE, for as long as the call lasts: its transaction lets go of it once the 2xx is ACKed.</summary>
    public SipRequest InboundRequest { get; }
    public string CalledOriginal { get; }
    public string? CallingOriginal { get; }
    public string? CalledFinal { get; internal set; }
    public string? CallingFinal { get; internal set; }
    public string? Pattern { get; internal set; }
    public string? Partition { get; internal set; }
    public string? RouteMember { get; internal set; }
    /// <summary>The target whose answer the caller got; null while unanswered, or when the gateway answered it itself.</summary>
    public CallTarget? AnsweredBy { get; internal set; }
    /// <summary>Changed only through the methods below, each a legal move of <see cref="CallStateTransitions"/>.</summary>
    public CallState State { get; private set; } = CallState.Incoming;
    public DateTimeOffset StartUtc { get; }
    public DateTimeOffset? AnswerUtc { get; private set; }
    public DateTimeOffset? EndUtc { get; private set; }
    public int CauseCode { get; private set; }
    public string? CauseText { get; private set; }

    /// <summary>A target answered, or the gateway answered the caller itself (Connecting, Confirmed or Held).</summary>
    public bool IsAnswered => State is CallState.Connecting or CallState.Confirmed or CallState.Held;
    public bool IsEnded => State == CallState.Disconnected;
    /// <summary>Answered or ended: ringing attempts, forwards and failover no longer matter.</summary>
    public bool IsSettled => IsAnswered || IsEnded;

    /// <summary>The first outbound INVITE is out.</summary>
    internal void StartCalling()
    {
        lock (Gate) if (State == CallState.Incoming) MoveTo(CallState.Calling);
    }

    /// <summary>A target rings (or sends early media). True for the first ring of the call.</summary>
    internal bool Ring()
    {
        lock (Gate) return MoveTo(CallState.Early);
    }

    /// <summary>Answered (by a target, or by the gateway itself): the answer time is recorded. False when too late.</summary>
    internal bool Answer(DateTimeOffset now)
    {
        lock (Gate)
        {
            if (!MoveTo(CallState.Connecting)) return false;
            AnswerUtc = now;
            return true;
        }
    }

    /// <summary>The caller's ACK for our 2xx is in.</summary>
    internal void Confirm()
    {
        lock (Gate) if (State == CallState.Connecting) MoveTo(CallState.Confirmed);
    }

    /// <summary>
    /// <paramref name="holder"/>'s peer holds the call (its offer was sendonly, inactive or c=0.0.0.0) or takes it off
    /// hold: no audio is relayed either way while either side holds; the call is Held until neither does. False when
    /// nothing changed (the same offer again, or a call not answered). <paramref name="other"/>: the side that hears
    /// music on hold.
    /// </summary>
    internal bool HoldFrom(CallLeg holder, bool held, out CallLeg? other)
    {
        lock (Gate)
        {
            other = OtherLeg(holder);
            if (holder.HeldByPeer == held || !IsAnswered) return false;
            holder.HeldByPeer = held;
            // Held to Held (both sides hold) is no move: the call stays Held until the last side resumes.
            if (held) MoveTo(CallState.Held);
            else if (other is not { HeldByPeer: true } && State == CallState.Held) MoveTo(CallState.Confirmed);
            if (Relay is null || other is null) return true;
            if (held)
            {
                Relay.Hold(other.Media);
                Relay.Hold(holder.Media);
            }
            else if (!other.HeldByPeer)
            {
                Relay.Resume(other.Media);
                Relay.Resume(holder.Media);
            }
            return true;
        }
    }

    /// <summary>
    /// Relays the two legs (after the answer, or <paramref name="early"/> for early media, RFC 3960): the new relay, or
    /// null when one is already up, a leg is missing or has no remote address yet, or the call is not at that stage.
    /// </summary>
    internal RtpRelay? ConnectMedia(bool early)
    {
        lock (Gate)
        {
            if (Relay is not null || Outbound is null || Inbound?.Media.Remote is null) return null;
            if (early ? IsEnded : !IsAnswered) return null;
            return Relay = new RtpRelay(Inbound.Media, Outbound.Media);
        }
    }

    /// <summary>The first early media of the call is <paramref name="attempt"/>'s (later ones are not heard). False when
    /// another attempt's already is, or there is nothing to answer the caller with.</summary>
    internal bool TakeEarlyMedia(OutboundAttempt attempt)
    {
        lock (Gate)
        {
            if (EarlyMediaFrom is not null || CallerOffer is null || Outbound is null || IsSettled) return false;
            EarlyMediaFrom = attempt;
            return true;
        }
    }

    /// <summary>Plays <paramref name="stream"/> as the caller's ringback. False (the caller hears it no more, stop it)
    /// when the call is settled or early media took its place.</summary>
    internal bool StartRingback(PacedStream stream)
    {
        lock (Gate)
        {
            if (IsSettled || EarlyMediaFrom is not null) return false;
            Ringback = stream;
            return true;
        }
    }

    /// <summary>An announcement to the caller takes the ringback's place (stopped with it when the call ends).</summary>
    internal void StartAnnouncement(PacedStream stream)
    {
        lock (Gate) Ringback = stream;
    }

    /// <summary>Plays <paramref name="stream"/> as the call's music on hold; returns what must be stopped: the music
    /// it replaces, or the stream itself when the call has ended.</summary>
    internal PacedStream? StartMusicOnHold(PacedStream stream)
    {
        lock (Gate)
        {
            if (IsEnded) return stream;
            var previous = MusicOnHold;
            MusicOnHold = stream;
            return previous;
        }
    }

    /// <summary>The ringback (or announcement) or the music on hold now playing, which the caller stops; none after.</summary>
    internal PacedStream? TakeGeneratedAudio(bool ringback)
    {
        lock (Gate)
        {
            var stream = ringback ? Ringback : MusicOnHold;
            if (ringback) Ringback = null; else MusicOnHold = null;
            return stream;
        }
    }

    /// <summary>
    /// Ends the call with its cause. <paramref name="callerAnswered"/> false: the caller never received a 2xx, so the
    /// call was not answered whatever a callee did (the CDR must not say otherwise). False when it had ended already.
    /// </summary>
    internal bool End(int code, string reason, DateTimeOffset now, bool callerAnswered = true)
    {
        lock (Gate)
        {
            if (!MoveTo(CallState.Disconnected)) return false;
            EndUtc = now;
            CauseCode = code;
            CauseText = reason;
            if (!callerAnswered) AnswerUtc = null;
            return true;
        }
    }

    /// <summary>The one place a call changes state; illegal moves are refused (false). Called under <see cref="Gate"/>.</summary>
    private bool MoveTo(CallState next)
    {
        if (!CallStateTransitions.Allows(State, next)) return false;
        State = next;
        return true;
    }

    /// <summary>The leg facing the other peer of <paramref name="leg"/>; null for a leg no longer in this call.</summary>
    public CallLeg? OtherLeg(CallLeg leg) =>
        ReferenceEquals(leg, Inbound) ? Outbound : ReferenceEquals(leg, Outbound) ? Inbound : null;

    public CallLeg? Inbound { get; internal set; }
    public CallLeg? Outbound { get; internal set; }
    /// <summary>The caller's SDP offer; null for a delayed offer (the INVITE had none).</summary>
    public SdpSessionDescription? CallerOffer { get; internal set; }
    internal List<OutboundAttempt> Attempts { get; } = [];

    /// <summary>
    /// Gives up every attempt still pending but <paramref name="except"/> (the one that answered) and returns them, to be
    /// cancelled outside the lock: one place decides which forks or members a call stops waiting for.
    /// </summary>
    internal List<OutboundAttempt> AbandonPendingAttempts(OutboundAttempt? except = null)
    {
        lock (Gate)
        {
            var pending = Attempts.Where(a => a != except && !a.Abandoned).ToList();
            foreach (var a in pending) a.Abandoned = true;
            return pending;
        }
    }

    /// <summary>The next route member to try (UCM route list order), null when every one was tried.</summary>
    internal CallTarget? AdvanceToNextTarget()
    {
        lock (Gate) return NextTarget < Targets.Count ? Targets[NextTarget++] : null;
    }
    internal IReadOnlyList<CallTarget> Targets { get; set; } = [];
    internal int NextTarget { get; set; }
    internal bool Sequential { get; set; }
    internal Routing.FailoverRules? Failover { get; set; }
    internal (int Code, string Reason)? BestFailure { get; set; }
    internal RtpRelay? Relay { get; set; }
    internal SdpCodec? Codec { get; set; }
    internal SdpCodec? TelephoneEvent { get; set; }
    internal PacedStream? MusicOnHold { get; private set; }
    internal PacedStream? Ringback { get; private set; }
    /// <summary>Session interval outbound INVITEs ask for, once a far end's 422 raised it above ours.</summary>
    internal TimeSpan? SessionExpires { get; set; }
    /// <summary>The bridge this call's remaining leg is connected to (a meet-me conference).</summary>
    internal Conferencing.ConferenceSeat? Conference { get; set; }
    /// <summary>The far end of a call the gateway answered itself for a route handler (<see cref="LocalAnswer"/>).</summary>
    internal ILocalCallee? LocalCallee { get; set; }
    /// <summary>The attempt whose early media the caller hears (the first 18x with SDP).</summary>
    internal OutboundAttempt? EarlyMediaFrom { get; private set; }

    /// <summary>The caller's line (a device caller), whose call count this call takes.</summary>
    public string? CallingLine { get; internal set; }
    /// <summary>Lines this call holds a call slot on (caller's line, called line); released when the call ends.</summary>
    internal List<string> OccupiedLines { get; } = [];
    /// <summary>The rules of the line being called (a DN target), for Call Forward No Answer.</summary>
    internal Lines.LineRules? CalledLine { get; set; }
    internal Routing.DirectoryNumber? CalledDirectoryNumber { get; set; }
    internal bool ForwardedOnNoAnswer { get; set; }
    /// <summary>Call forwards applied, in order ("Call Forward Busy: 1001 -> 1002").</summary>
    public List<string> Forwards { get; } = [];
    /// <summary>The last forwarding line, its reason and the forward count, for the Diversion header (RFC 5806).</summary>
    internal (string Number, string Reason, int Counter)? Diversion { get; set; }
    /// <summary>A target source's device takes the call without ringing: the gateway answers the caller for it.</summary>
    internal LocalAnswer? AnswerWithoutRinging { get; set; }
}
