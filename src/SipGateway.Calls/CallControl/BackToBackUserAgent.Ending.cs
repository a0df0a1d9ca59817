using SipGateway.Calls.Conferencing;

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

    private void LeaveConference(Call call)
    {
        ConferenceSeat? seat;
        lock (call.Gate)
        {
            seat = call.Conference;
            call.Conference = null;
        }
        if (seat is not null) Conferences.Leave(seat);
    }
}
