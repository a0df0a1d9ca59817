using SipGateway.Media.Audio;

namespace SipGateway.Features.Paging;

/// <summary>
/// The caller's decoded voice on its way to one group stream: written as the caller's RTP arrives, read every 20 ms by
/// the pacer, so the group hears one packet per ptime whatever the caller's own ptime and jitter. After running dry it
/// waits for two frames before playing again (a small jitter buffer); meanwhile, and when the caller is silent, it
/// plays silence so the stream's sequence numbers and timestamps never stop (RFC 3550 §5.1).
/// </summary>
internal sealed class CallerAudioBuffer : IAudioSource
{
    /// <summary>At most 200 ms queued: older audio is dropped rather than letting the page lag behind the caller.</summary>
    internal const int Capacity = 1600;
    internal const int Prefill = 320;

    private readonly short[] _ring = new short[Capacity];
    private readonly object _gate = new();
    private int _head, _count;
    private bool _priming = true;
    private volatile bool _closed;

    public long SamplesDropped { get; private set; }

    public void Write(ReadOnlySpan<short> samples)
    {
        lock (_gate)
        {
            foreach (var s in samples)
            {
                if (_count == Capacity)
                {
                    _head = (_head + 1) % Capacity;
                    _count--;
                    SamplesDropped++;
                }
                _ring[(_head + _count) % Capacity] = s;
                _count++;
            }
        }
    }

    /// <summary>Ends the source: the paced stream stops at its next frame.</summary>
    public void Close() => _closed = true;

    public int Read(Span<short> buffer)
    {
        if (_closed) return 0;
        lock (_gate)
        {
            if (_priming && _count >= Prefill) _priming = false;
            int n = _priming ? 0 : Math.Min(_count, buffer.Length);
            for (int i = 0; i < n; i++) buffer[i] = _ring[(_head + i) % Capacity];
            _head = (_head + n) % Capacity;
            _count -= n;
            if (n < buffer.Length)
            {
                buffer[n..].Clear();
                _priming = true;
            }
        }
        return buffer.Length;
    }
}
