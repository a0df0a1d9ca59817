using SipGateway.Sip.Timing;

namespace SipGateway.Features.ExtendConnect.Calls;

/// <summary>The long-lived leg to a device's active remote destination, and the call currently using it (if any).</summary>
public sealed class PersistentConnection(CtiCall call)
{
    public CtiCall Call { get; } = call;
    public string Device => Call.Device;
    public ICtiLeg Leg => Call.RemoteLeg;
    public bool IsConnected => Leg.IsAnswered && !Leg.IsEnded;
    /// <summary>The customer or DVO call joined onto the connection right now.</summary>
    public CtiCall? InUseBy { get; internal set; }
    /// <summary>The active remote destination was reset while in use: drop once the current call ends.</summary>
    public bool DropWhenIdle { get; internal set; }
    /// <summary>The whisper announcement the agent hears before each customer (per request, else ExtendConnect:WhisperAnnouncement).</summary>
    public Media.Audio.AudioClip? Whisper { get; internal set; }
    internal TimerHandle? MaxDurationTimer { get; set; }
}
