using Microsoft.Extensions.Logging;
using SipGateway.Media.Pacing;
using SipGateway.Sip.Sdp;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// Music on hold (UCM's MOH audio source): the held party hears <see cref="CallControlOptions.MusicOnHold"/>, looped
/// and paced in its own codec, on the RTP leg that otherwise relays the holder's audio.
/// </summary>
public sealed partial class BackToBackUserAgent
{
    private void StartMusicOnHold(Call call, CallLeg? listener)
    {
        if (listener is null || _options.MusicOnHold is not { } clip || _pacer is null) return;
        var codec = listener.Codec ?? call.Codec;
        var stream = _pacer.Start(clip.CreateSource(loop: true), listener.Media, new PacedStreamOptions
        {
            PayloadType = CodecChoice.PayloadType(codec),
        });
        PacedStream? previous;
        lock (call.Gate)
        {
            previous = call.MusicOnHold;
            call.MusicOnHold = stream;
            if (call.IsEnded) { call.MusicOnHold = null; previous = stream; }
        }
        previous?.Stop();
        _log.MusicOnHold(call.Id, listener.Peer);
    }

    private static void StopMusicOnHold(Call call) => StopPaced(call, ringback: false);

    /// <summary>Stops the call's music on hold or its ringback (whichever is asked), if playing.</summary>
    private static void StopPaced(Call call, bool ringback)
    {
        PacedStream? stream;
        lock (call.Gate)
        {
            stream = ringback ? call.Ringback : call.MusicOnHold;
            if (ringback) call.Ringback = null; else call.MusicOnHold = null;
        }
        stream?.Stop();
    }
}
