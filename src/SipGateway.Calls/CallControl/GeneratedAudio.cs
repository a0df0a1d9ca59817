using Microsoft.Extensions.Logging;
using SipGateway.Media.Pacing;
using SipGateway.Media.Tones;
using SipGateway.Sip.Sdp;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// Audio the gateway itself plays into a call's RTP leg, paced in the listener's codec: music on hold (UCM's MOH audio
/// source, <see cref="CallControlOptions.MusicOnHold"/>, looped for the held party), the ringback tone a caller hears
/// while the callee rings without early media, and the unallocated-number announcement. A call holds at most one of
/// each kind (<see cref="Call.MusicOnHold"/>, <see cref="Call.Ringback"/>); both stop when the call ends.
/// </summary>
internal sealed class GeneratedAudio
{
    private readonly PacedSender? _pacer;
    private readonly CallControlOptions _options;
    private readonly ILogger _log;

    public GeneratedAudio(PacedSender? pacer, CallControlOptions options, ILogger log)
    {
        _pacer = pacer;
        _options = options;
        _log = log;
    }

    /// <summary>Whether ringback can be generated (a tone configured and a pacer to send it).</summary>
    public bool CanRingback => _options.Ringback is not null && _pacer is not null;

    /// <summary>Whether the unallocated-number announcement can be played.</summary>
    public bool CanAnnounceUnallocated => _options.UnallocatedAnnouncement is not null && _pacer is not null;

    public void StartMusicOnHold(Call call, CallLeg? listener)
    {
        if (listener is null || _options.MusicOnHold is not { } clip || _pacer is null) return;
        var codec = listener.Codec ?? call.Codec;
        var stream = _pacer.Start(clip.CreateSource(loop: true), listener.Media, new PacedStreamOptions
        {
            PayloadType = CodecChoice.PayloadType(codec),
        });
        call.StartMusicOnHold(stream)?.Stop();
        _log.MusicOnHold(call.Id, listener.Peer);
    }

    public static void StopMusicOnHold(Call call) => StopPaced(call, ringback: false);

    /// <summary>Ringback to the caller (after our 183); not started once the call is settled or early media flows.</summary>
    public void StartRingback(Call call, SdpCodec codec)
    {
        var stream = _pacer!.Start(new ToneGenerator(_options.Ringback!, _options.NoAnswerTimeout), call.Inbound!.Media, new PacedStreamOptions
        {
            PayloadType = CodecChoice.PayloadType(codec),
        });
        if (!call.StartRingback(stream)) stream.Stop();
    }

    /// <summary>Stops the ringback tone or announcement, if playing.</summary>
    public static void StopRingback(Call call) => StopPaced(call, ringback: true);

    /// <summary>
    /// Plays the unallocated-number announcement once to the caller (after our 183), then runs <paramref name="done"/>;
    /// it takes the ringback's place, so it stops with the call if the caller hangs up first.
    /// </summary>
    public void AnnounceUnallocated(Call call, int code, Action<PacedStream> done)
    {
        var clip = _options.UnallocatedAnnouncement!;
        var stream = _pacer!.Start(clip.CreateSource(loop: false), call.Inbound!.Media, new PacedStreamOptions
        {
            PayloadType = CodecChoice.PayloadType(call.Inbound.Codec),
        });
        call.StartAnnouncement(stream);
        stream.Completed += done;
        _log.AnnouncementBeforeReject(call.Id, clip.Name, code);
    }

    /// <summary>Stops the call's music on hold or its ringback (whichever is asked), if playing.</summary>
    private static void StopPaced(Call call, bool ringback) => call.TakeGeneratedAudio(ringback)?.Stop();
}
