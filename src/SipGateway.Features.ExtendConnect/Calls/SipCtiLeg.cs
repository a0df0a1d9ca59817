using SipGateway.Calls.Origination;

namespace SipGateway.Features.ExtendConnect.Calls;

/// <summary>A CTI leg over a leg the B2BUA originates.</summary>
internal sealed class SipCtiLeg : ICtiLeg
{
    private readonly LegOriginator _originator;

    public SipCtiLeg(LegOriginator originator, OriginatedLeg leg)
    {
        _originator = originator;
        Leg = leg;
        leg.Ringing += _ => Ringing?.Invoke(this);
        leg.Answered += _ => Answered?.Invoke(this);
        leg.Ended += l => Ended?.Invoke(this, l.EndCode, l.EndReason ?? "");
    }

    public OriginatedLeg Leg { get; }
    public string Id => Leg.Id;
    public bool IsAnswered => Leg.State is OriginatedLegState.Answered;
    public bool IsEnded => Leg.State is OriginatedLegState.Ended;
    public string? SipCallId => Leg.Dialog?.CallId;

    public event Action<ICtiLeg>? Ringing;
    public event Action<ICtiLeg>? Answered;
    public event Action<ICtiLeg, int, string>? Ended;

    public void Start() => _originator.Start(Leg);

    public void Hangup(int code, string reason) => _originator.Hangup(Leg, code, reason);
}
