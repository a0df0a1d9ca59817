namespace SipGateway.Calls.Lines;

/// <summary>UCM's DND options: reject the call outright, or offer it without ringing.</summary>
public enum DoNotDisturbOption
{
    CallReject,
    RingerOff,
}
