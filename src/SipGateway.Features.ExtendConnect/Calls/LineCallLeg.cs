namespace SipGateway.Features.ExtendConnect.Calls;

/// <summary>
/// The remote destination's side of a line call, as a CTI leg: the B2BUA owns the SIP leg; this follows its state
/// from the B2BUA's reports and hangs it up through <see cref="ILineCallControl"/>.
/// </summary>
internal sealed class LineCallLeg(string b2buaCallId, ILineCallControl control) : ICtiLeg
{
    public string Id { get; } = b2buaCallId;
    public bool IsAnswered { get; private set; }
    public bool IsEnded { get; private set; }
    public string? SipCallId => null;

    public event Action<ICtiLeg>? Ringing;
    public event Action<ICtiLeg>? Answered;
    public event Action<ICtiLeg, int, string>? Ended;

    /// <summary>Placed by the B2BUA's routing, not by the feature.</summary>
    public void Start() => Ringing?.Invoke(this);

    public void Hangup(int code, string reason) => control.Disconnect(Id, reason);

    internal void OnAnswered()
    {
        IsAnswered = true;
        Answered?.Invoke(this);
    }

    internal void OnEnded(int code, string reason)
    {
        if (IsEnded) return;
        IsEnded = true;
        Ended?.Invoke(this, code, reason);
    }
}
