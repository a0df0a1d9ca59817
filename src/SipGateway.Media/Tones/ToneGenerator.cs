using System.Runtime.CompilerServices;
using SipGateway.Media.Audio;

namespace SipGateway.Media.Tones;

/// <summary>
/// Synthesises a cadenced multi-frequency tone as 8 kHz linear audio. Oscillators are phase-continuous
/// within a segment (no clicks inside a burst); each component gets the configured dBm0 level.
/// </summary>
public sealed class ToneGenerator : IAudioSource
{
    /// <summary>Peak amplitude of a 0 dBm0 sine in 16-bit linear: full scale (32767) less 3.17 dB (ITU-T G.711 §4).</summary>
    public const double ZeroDbm0Amplitude = 22706;

    private readonly ToneCadence _cadence;
    private readonly bool _repeat;
    private readonly double _amplitude;
    private readonly int _sampleRate;
    private readonly long _maxSamples;
    private int _segment;
    private long _segmentPosition;
    private long _produced;
    private bool _finished;

    public ToneGenerator(ToneCadence cadence, bool repeat, double levelDbm0, int sampleRate = 8000, TimeSpan? maxDuration = null)
    {
        _cadence = cadence;
        _repeat = repeat || cadence.IsContinuous;
        _amplitude = ZeroDbm0Amplitude * Math.Pow(10, levelDbm0 / 20);
        _sampleRate = sampleRate;
        _maxSamples = maxDuration.HasValue ? (long)(maxDuration.Value.TotalSeconds * sampleRate) : long.MaxValue;
    }

    public ToneGenerator(ToneSpec spec, TimeSpan? maxDuration = null)
        : this(spec.Parse(), spec.Repeat, spec.LevelDbm0, 8000, maxDuration) { }

    /// <summary>Creates the generator for a named tone from the configured options.</summary>
    public static ToneGenerator Create(ToneOptions options, string toneName, TimeSpan? maxDuration = null)
        => new(options.Get(toneName), maxDuration);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Read(Span<short> buffer)
    {
        int written = 0;
        while (written < buffer.Length && !_finished && _produced < _maxSamples)
        {
            var seg = _cadence.Segments[_segment];
            long segLength = seg.DurationMs == ToneSegment.Continuous ? long.MaxValue : (long)seg.DurationMs * _sampleRate / 1000;
            long n = Math.Min(Math.Min(buffer.Length - written, segLength - _segmentPosition), _maxSamples - _produced);
            var freqs = seg.Frequencies;
            for (int i = 0; i < n; i++)
            {
                double t = (double)(_segmentPosition + i) / _sampleRate;
                double v = 0;
                for (int f = 0; f < freqs.Count; f++) v += Math.Sin(2 * Math.PI * freqs[f] * t);
                buffer[written + i] = (short)Math.Clamp(Math.Round(v * _amplitude), short.MinValue, short.MaxValue);
            }
            written += (int)n;
            _produced += n;
            _segmentPosition += n;
            if (_segmentPosition >= segLength)
            {
                _segmentPosition = 0;
                _segment++;
                if (_segment >= _cadence.Segments.Count)
                {
                    _segment = 0;
                    if (!_repeat) _finished = true;
                }
            }
        }
        return written;
    }
}
