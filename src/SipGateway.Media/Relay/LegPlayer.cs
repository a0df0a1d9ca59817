using SipGateway.Media.Audio;
using SipGateway.Media.Pacing;
using SipGateway.Media.Rtp;
using SipGateway.Media.Tones;

namespace SipGateway.Media.Relay;

/// <summary>
/// Plays audio to one call leg: music on hold or an announcement (an <see cref="AudioClip"/>, looped or once), or a
/// cadenced tone such as ringback for early media. Frames are paced every ptime by a shared <see cref="PacedSender"/>,
/// encoded in the leg's law (<see cref="RtpLeg.AudioPayloadType"/>, PCMU when unset) and sent through the leg, so its
/// <see cref="RtpLeg.Outbound"/> rewriter keeps one SSRC and contiguous sequence numbers and timestamps across relayed
/// audio, the player and relayed audio again (RFC 3550 §5.1). When a relay is given, the direction toward the leg is
/// held while playing (<see cref="RtpRelay.Hold"/>) and resumed once the last frame is out, so the two never interleave.
/// Stop or Dispose ends it at the next frame.
/// </summary>
public sealed class LegPlayer : IDisposable
{
    private readonly PacedStream _stream;

    private LegPlayer(PacedSender pacer, RtpLeg leg, IAudioSource source, RtpRelay? holdRelay, int ptimeMs)
    {
        int payloadType = leg.AudioPayloadType ?? RtpPayloadTypes.Pcmu;
        if (payloadType is not (RtpPayloadTypes.Pcmu or RtpPayloadTypes.Pcma))
            throw new ArgumentException($"the leg's payload type {payloadType} is not G.711 (0 or 8)", nameof(leg));
        Leg = leg;
        holdRelay?.Hold(leg); // before the first frame: nothing relayed may slip in between player frames
        _stream = pacer.Start(source, leg, new PacedStreamOptions { PayloadType = payloadType, PtimeMs = ptimeMs });
        Completion = holdRelay == null
            ? _stream.Completion
            : _stream.Completion.ContinueWith(_ => holdRelay.Resume(leg), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Plays <paramref name="clip"/> to <paramref name="leg"/>, looped by default (music on hold); with
    /// <paramref name="holdRelay"/>, the relay direction toward the leg is held meanwhile and resumed after.</summary>
    public static LegPlayer PlayClip(PacedSender pacer, RtpLeg leg, AudioClip clip, bool loop = true, RtpRelay? holdRelay = null, int ptimeMs = 20)
        => new(pacer, leg, clip.CreateSource(loop), holdRelay, ptimeMs);

    /// <summary>Plays a tone (its cadence, repeated if the spec says so) to <paramref name="leg"/>.</summary>
    public static LegPlayer PlayTone(PacedSender pacer, RtpLeg leg, ToneSpec tone, RtpRelay? holdRelay = null, int ptimeMs = 20)
        => new(pacer, leg, new ToneGenerator(tone), holdRelay, ptimeMs);

    /// <summary>Plays the configured ringback tone (<see cref="ToneOptions.Ringback"/>, defaults when null) until
    /// stopped: early media toward a caller while the callee rings.</summary>
    public static LegPlayer PlayRingback(PacedSender pacer, RtpLeg leg, ToneOptions? tones = null, int ptimeMs = 20)
        => PlayTone(pacer, leg, (tones ?? new ToneOptions()).Ringback, null, ptimeMs);

    /// <summary>Plays any 8 kHz source (a mixer output, a resampled file) to <paramref name="leg"/>.</summary>
    public static LegPlayer Play(PacedSender pacer, RtpLeg leg, IAudioSource source, RtpRelay? holdRelay = null, int ptimeMs = 20)
        => new(pacer, leg, source, holdRelay, ptimeMs);

    /// <summary>The leg being played to.</summary>
    public RtpLeg Leg { get; }

    /// <summary>Frames sent so far.</summary>
    public long PacketsSent => _stream.PacketsSent;

    /// <summary>Completes when the last frame has been sent (source ended or stopped) and, if a relay was held, the
    /// relay direction has been resumed.</summary>
    public Task Completion { get; }

    /// <summary>Stops at the next frame; returns at once (await <see cref="Completion"/> to know it is done).</summary>
    public void Stop() => _stream.Stop();

    /// <summary>Stops and waits until the last frame is out (and the relay resumed).</summary>
    public Task StopAsync()
    {
        Stop();
        return Completion;
    }

    /// <summary>Same as <see cref="Stop"/>.</summary>
    public void Dispose() => Stop();
}
