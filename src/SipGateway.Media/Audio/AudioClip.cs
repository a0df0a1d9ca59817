namespace SipGateway.Media.Audio;

/// <summary>Decoded audio held in memory at 8 kHz mono: an announcement or music loop loaded once
/// and shared by every call that plays it (each play gets its own <see cref="AudioClipSource"/>).</summary>
public sealed class AudioClip
{
    public AudioClip(string name, short[] samples)
    {
        Name = name;
        Samples = samples;
    }

    public const int SampleRate = 8000;

    public string Name { get; }
    public short[] Samples { get; }
    public TimeSpan Duration => TimeSpan.FromSeconds(Samples.Length / (double)SampleRate);

    public AudioClipSource CreateSource(bool loop = false) => new(this, loop);
}

/// <summary>Plays an <see cref="AudioClip"/> once or in a loop (hold music).</summary>
public sealed class AudioClipSource : IAudioSource
{
    private readonly AudioClip _clip;
    private readonly bool _loop;
    private int _position;

    public AudioClipSource(AudioClip clip, bool loop)
    {
        _clip = clip;
        _loop = loop && clip.Samples.Length > 0;
    }

    public int Read(Span<short> buffer)
    {
        var samples = _clip.Samples;
        int written = 0;
        while (written < buffer.Length)
        {
            if (_position >= samples.Length)
            {
                if (!_loop) break;
                _position = 0;
            }
            int n = Math.Min(buffer.Length - written, samples.Length - _position);
            samples.AsSpan(_position, n).CopyTo(buffer[written..]);
            _position += n;
            written += n;
        }
        return written;
    }
}
