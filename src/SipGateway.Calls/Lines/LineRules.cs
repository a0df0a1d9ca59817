namespace SipGateway.Calls.Lines;

/// <summary>
/// The call handling rules of one directory number (UCM line settings): how many calls it may carry, when it is busy,
/// where calls are forwarded and whether Do Not Disturb is on.
/// </summary>
public sealed record LineRules
{
    public required string Dn { get; init; }
    /// <summary>Maximum Number of Calls: the line takes or places no call beyond this.</summary>
    public int MaxCalls { get; init; } = 4;
    /// <summary>Busy Trigger: an incoming call that would exceed it is busy (486, or Call Forward Busy).</summary>
    public int BusyTrigger { get; init; } = 2;
    public CallForward? ForwardAll { get; init; }
    public CallForward? ForwardBusy { get; init; }
    public CallForward? ForwardNoAnswer { get; init; }
    /// <summary>How long the line rings before Call Forward No Answer (UCM "No Answer Ring Duration").</summary>
    public TimeSpan? NoAnswerRingDuration { get; init; }
    public bool DoNotDisturb { get; init; }
    public DoNotDisturbOption DoNotDisturbOption { get; init; } = DoNotDisturbOption.CallReject;
}
