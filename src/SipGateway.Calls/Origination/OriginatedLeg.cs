using SipGateway.Calls.CallControl;
using SipGateway.Media.Relay;
using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Sdp;
using SipGateway.Sip.Transactions;

namespace SipGateway.Calls.Origination;

/// <summary>
/// A call leg the gateway places as UAC on its own behalf (Dial Via Office, persistent connections, auto-answer pages):
/// the INVITE to a target (an attempt of the one outbound-leg engine), the confirmed dialog, and the gateway's RTP leg
/// facing that peer. Events fire once per transition.
/// </summary>
public sealed class OriginatedLeg : IDialogOwner
{
    internal readonly object Gate = new();
    private readonly LegOriginator _owner;

    internal OriginatedLeg(LegOriginator owner, string id, IReadOnlyList<CallTarget> targets, PartyIdentity from, RtpLeg media, OriginateOptions options)
    {
        _owner = owner;
        Id = id;
        Targets = targets;
        From = from;
        Media = media;
        Options = options;
    }

    public string Id { get; }
    public PartyIdentity From { get; }
    public IReadOnlyList<CallTarget> Targets { get; }
    /// <summary>How the leg is offered (auto-answer, direction, codecs) and the failover rules between its targets.</summary>
    public OriginateOptions Options { get; }
    public RtpLeg Media { get; }
    public OriginatedLegState State { get; internal set; } = OriginatedLegState.Calling;
    public CallTarget? Target { get; internal set; }
    public Dialog? Dialog { get; internal set; }
    public SdpSessionDescription? LocalSdp { get; internal set; }
    public SdpSessionDescription? RemoteSdp { get; internal set; }
    public SdpCodec? Codec { get; internal set; }
    public int EndCode { get; internal set; }
    public string? EndReason { get; internal set; }
    /// <summary>The leg this one is joined to (media relayed between them).</summary>
    public OriginatedLeg? Partner { get; internal set; }
    /// <summary>The leg is on hold toward its peer (what the partner sends is not relayed).</summary>
    public bool Held { get; internal set; }

    internal int NextTarget { get; set; }
    /// <summary>The INVITE to the current target (the engine's attempt); a response to an earlier one is stale.</summary>
    internal OutboundAttempt? Attempt { get; set; }
    internal RtpRelay? Relay { get; set; }
    internal bool MediaStarted { get; set; }
    internal LegPlayer? MusicOnHold { get; set; }

    public event Action<OriginatedLeg>? Ringing;
    public event Action<OriginatedLeg>? Answered;
    /// <summary>The leg ended (failed before answer, or hung up after): code and reason say why.</summary>
    public event Action<OriginatedLeg>? Ended;

    internal void RaiseRinging() => Ringing?.Invoke(this);
    internal void RaiseAnswered() => Answered?.Invoke(this);
    internal void RaiseEnded() => Ended?.Invoke(this);

    bool IDialogOwner.OnInDialogRequest(ServerTransaction transaction, Dialog dialog) => _owner.OnInDialogRequest(this, transaction, dialog);

    void IDialogOwner.OnDialogTerminated(Dialog dialog) => _owner.OnDialogTerminated(this);

    public override string ToString() => $"leg {Id} ({State}) to {Target?.Label ?? "?"}";
}
