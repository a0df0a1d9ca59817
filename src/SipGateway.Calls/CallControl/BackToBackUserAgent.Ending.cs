namespace SipGateway.Calls.CallControl;

public sealed partial class BackToBackUserAgent
{
    /// <summary>At the end of a call (from <see cref="CallTeardown"/>): what the B2BUA's parts hold for it is let go.</summary>
    private void ReleaseCollaborators(Call call)
    {
        GeneratedAudio.StopMusicOnHold(call);
        GeneratedAudio.StopRingback(call);
        LeaveConference(call);
        LocalAnswerer.Release(call);
        SessionTimers.Disarm(call);
    }
}
