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

    internal void Hold()
    {
        lock (Gate) MoveTo(CallState.Held);
    }

    /// <summary>Neither side holds the other any more.</summary>
    internal void Resume()
    {
        lock (Gate) if (State == CallState.Held) MoveTo(CallState.Confirmed);
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

    public CallLeg? Inbound { get; internal set; }
    public CallLeg? Outbound { get; internal set; }
    /// <summary>The caller's SDP offer; null for a delayed offer (the INVITE had none).</summary>
    public SdpSessionDescription? CallerOffer { get; internal set; }
    internal List<OutboundAttempt> Attempts { get; } = [];
    internal IReadOnlyList<CallTarget> Targets { get; set; } = [];
    internal int NextTarget { get; set; }
    internal bool Sequential { get; set; }
    internal Routing.FailoverRules? Failover { get; set; }
    internal (int Code, string Reason)? BestFailure { get; set; }
    internal RtpRelay? Relay { get; set; }
    internal SdpCodec? Codec { get; set; }
    internal SdpCodec? TelephoneEvent { get; set; }
    internal Media.Pacing.PacedStream? MusicOnHold { get; set; }
    internal Media.Pacing.PacedStream? Ringback { get; set; }
    /// <summary>Session interval outbound INVITEs ask for, once a far end's 422 raised it above ours.</summary>
    internal TimeSpan? SessionExpires { get; set; }
    /// <summary>The bridge this call's remaining leg is connected to (a meet-me conference).</summary>
    internal Conferencing.ConferenceSeat? Conference { get; set; }
    /// <summary>The far end of a call the gateway answered itself for a route handler (<see cref="LocalAnswer"/>).</summary>
    internal ILocalCallee? LocalCallee { get; set; }
    /// <summary>The attempt whose early media the caller hears (the first 18x with SDP).</summary>
    internal OutboundAttempt? EarlyMediaFrom { get; set; }

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
