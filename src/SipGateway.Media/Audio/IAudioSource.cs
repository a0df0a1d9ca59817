namespace SipGateway.Media.Audio;

/// <summary>A pull source of 8 kHz mono 16-bit linear audio (announcement, tone, mixer output).</summary>
public interface IAudioSource
{
    /// <summary>Fills up to <paramref name="buffer"/>.Length samples; returns how many were written.
    /// Zero means the source has ended. A short read (non-zero) is padded with silence by the caller.</summary>
    int Read(Span<short> buffer);
}
