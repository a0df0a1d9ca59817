using System.Runtime.CompilerServices;
using SipGateway.Media.Audio;
using SipGateway.Media.Codecs;
using SipGateway.Media.Rtp;
using SipGateway.Media.Transport;

namespace SipGateway.Media.Pacing;

/// <summary>
/// One audio source being sent as G.711 RTP every ptime by a <see cref="PacedSender"/> timer thread.
/// Frames are due at start + n * ptime on the monotonic clock (absolute deadlines), so a late wake-up
/// delays one packet, never the ones after it.
/// </summary>
public sealed class PacedStream
{
    private readonly IAudioSource _source;
    private readonly IRtpSink _sink;
    private readonly G711Law _law;
    private readonly byte[] _packet;
    private readonly short[] _pcm;
    private readonly int _samplesPerFrame;
    private volatile bool _stopRequested;
    private int _completed;
    private bool _first = true;

    internal PacedStream(IAudioSource source, IRtpSink sink, PacedStreamOptions options, long ptimeTicks)
    {
        if (options.PtimeMs < 10 || options.PtimeMs > 200) throw new ArgumentOutOfRangeException(nameof(options), "ptime 10..200 ms");
        _source = source;
        _sink = sink;
        _law = G711.FromPayloadType(options.PayloadType);
        PayloadType = options.PayloadType;
        Ssrc = options.Ssrc ?? RtpSsrc.NewSsrc();
        Sequence = options.InitialSequence ?? RtpSsrc.NewSequence();
        Timestamp = options.InitialTimestamp ?? RtpSsrc.NewTimestamp();
        _samplesPerFrame = options.PtimeMs * 8;
        _packet = new byte[RtpPacket.HeaderSize + _samplesPerFrame];
        _pcm = new short[_samplesPerFrame];
        PtimeTicks = ptimeTicks;
    }

    public int PayloadType { get; }
    public uint Ssrc { get; }
    /// <summary>Sequence number of the next packet.</summary>
    public ushort Sequence { get; private set; }
    /// <summary>RTP timestamp of the next packet.</summary>
    public uint Timestamp { get; private set; }
    public long PacketsSent { get; private set; }
    public long OctetsSent { get; private set; }
    /// <summary>Deadlines given up after a stall (more than 10 frames late): the schedule was restarted.</summary>
    public long Resyncs { get; private set; }
    public bool IsCompleted => Volatile.Read(ref _completed) != 0;

    internal long Deadline { get; set; }
    internal long PtimeTicks { get; }
    internal bool StopRequested => _stopRequested;

    /// <summary>Raised once, on a thread-pool thread, when the source ends or <see cref="Stop"/> is called.</summary>
    public event Action<PacedStream>? Completed;

    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the stream has sent its last packet or was stopped.</summary>
    public Task Completion => _done.Task;

    /// <summary>Stops after the current frame; the timer thread drops the stream at its next deadline.</summary>
    public void Stop() => _stopRequested = true;

    /// <summary>Builds and sends the frame due now. Returns false when the source has ended.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal bool SendFrame()
    {
        int n = _source.Read(_pcm);
        if (n <= 0) return false;
        if (n < _pcm.Length) Array.Clear(_pcm, n, _pcm.Length - n);
        // RFC 3551 §4.1: marker on the first packet of a talkspurt, here the start of the stream.
        RtpPacket.WriteHeader(_packet, _first, PayloadType, Sequence, Timestamp, Ssrc);
        G711.Encode(_law, _pcm, _packet.AsSpan(RtpPacket.HeaderSize));
        _first = false;
        _sink.Send(_packet);
        Sequence++;
        Timestamp += (uint)_samplesPerFrame;
        PacketsSent++;
        OctetsSent += _samplesPerFrame;
        return true;
    }

    internal void Advance(long now)
    {
        Deadline += PtimeTicks;
        if (now - Deadline > 10 * PtimeTicks)
        {
            // The process stalled (GC, suspended VM): do not burst the backlog, restart the schedule.
            // The RTP timestamp keeps counting frames, so the receiver sees a gap, not a time warp.
            Deadline = now + PtimeTicks;
            Resyncs++;
        }
    }

    internal void Complete()
    {
        if (Interlocked.Exchange(ref _completed, 1) != 0) return;
        _done.TrySetResult();
        var handler = Completed;
        if (handler != null) ThreadPool.UnsafeQueueUserWorkItem(s => handler(s), this, preferLocal: false);
    }
}
