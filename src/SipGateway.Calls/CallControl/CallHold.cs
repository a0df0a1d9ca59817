using Microsoft.Extensions.Logging;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// Hold and resume (UCM's Hold softkey on either side, or a CTI hold): while one side holds, no audio is relayed either
/// way and the other side hears music on hold (UCM's MOH audio source); the call resumes when neither side holds.
/// </summary>
internal sealed class CallHold(GeneratedAudio audio, CallEventSubscribers events, ILogger log)
{
    /// <summary>Puts the call on hold from <paramref name="holder"/>'s side, or takes it off (nothing when unchanged).</summary>
    public void Set(Call call, CallLeg holder, bool held)
    {
        if (!call.HoldFrom(holder, held, out var other)) return;
        log.HoldChanged(call.Id, holder.IsInbound ? "caller" : "callee", held ? "holds" : "resumes");
        events.Held(call, held);
        if (held) audio.StartMusicOnHold(call, other);
        else GeneratedAudio.StopMusicOnHold(call);
    }
}
