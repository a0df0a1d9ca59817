using System.Buffers.Binary;
using SipGateway.Media.Codecs;

namespace SipGateway.Media.Audio;

/// <summary>
/// Reads RIFF/WAVE files (PCM 16-bit, G.711 mu-law, G.711 A-law; WAVE_FORMAT_EXTENSIBLE wrappers of those;
/// any channel count, any common rate) and returns 8 kHz mono audio: channels are averaged and the rate is
/// converted with the band-limited <see cref="Resampler"/>. Any problem raises <see cref="MediaFileException"/>
/// naming the file.
/// </summary>
public static class WavReader
{
    private const int FormatPcm = 1;
    private const int FormatALaw = 6;
    private const int FormatMuLaw = 7;
    private const int FormatExtensible = 0xFFFE;

    public static AudioClip Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException ex)
        {
            throw new MediaFileException(path, MediaFileError.NotFound, "the file does not exist", ex);
        }
        catch (DirectoryNotFoundException ex)
        {
            throw new MediaFileException(path, MediaFileError.NotFound, "the folder does not exist", ex);
        }
        return Read(bytes, path);
    }

    public static AudioClip Read(ReadOnlySpan<byte> file, string name)
    {
        if (file.Length < 12 || !file[..4].SequenceEqual("RIFF"u8) || !file.Slice(8, 4).SequenceEqual("WAVE"u8))
            throw new MediaFileException(name, MediaFileError.NotRiff, "missing RIFF/WAVE header");

        int formatTag = -1, channels = 0, sampleRate = 0, bitsPerSample = 0, blockAlign = 0;
        ReadOnlySpan<byte> data = default;
        bool haveData = false;
        int offset = 12;
        while (offset + 8 <= file.Length)
        {
            var id = file.Slice(offset, 4);
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(file[(offset + 4)..]);
            int body = offset + 8;
            if (size > (uint)(file.Length - body))
                throw new MediaFileException(name, MediaFileError.Truncated,
                    $"chunk '{System.Text.Encoding.ASCII.GetString(id)}' declares {size} bytes but only {file.Length - body} remain");
            var chunk = file.Slice(body, (int)size);
            if (id.SequenceEqual("fmt "u8))
            {
                if (chunk.Length < 16) throw new MediaFileException(name, MediaFileError.Truncated, "fmt chunk shorter than 16 bytes");
                formatTag = BinaryPrimitives.ReadUInt16LittleEndian(chunk);
                channels = BinaryPrimitives.ReadUInt16LittleEndian(chunk[2..]);
                sampleRate = BinaryPrimitives.ReadInt32LittleEndian(chunk[4..]);
                blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(chunk[12..]);
                bitsPerSample = BinaryPrimitives.ReadUInt16LittleEndian(chunk[14..]);
                if (formatTag == FormatExtensible)
                {
                    // WAVEFORMATEXTENSIBLE: the real format is the first two bytes of the SubFormat GUID.
                    if (chunk.Length < 40) throw new MediaFileException(name, MediaFileError.Truncated, "extensible fmt chunk shorter than 40 bytes");
                    formatTag = BinaryPrimitives.ReadUInt16LittleEndian(chunk[24..]);
                }
            }
            else if (id.SequenceEqual("data"u8))
            {
                data = chunk;
                haveData = true;
                break;
            }
            offset = body + (int)size + (int)(size & 1); // chunks are padded to an even size
        }

        if (formatTag < 0) throw new MediaFileException(name, MediaFileError.Truncated, "no fmt chunk before the data");
        if (!haveData) throw new MediaFileException(name, MediaFileError.Truncated, "no data chunk");
        if (channels < 1 || channels > 8) throw new MediaFileException(name, MediaFileError.Unsupported, $"{channels} channels");
        if (sampleRate < 4000 || sampleRate > 192000) throw new MediaFileException(name, MediaFileError.Unsupported, $"sample rate {sampleRate} Hz");

        int bytesPerSample = formatTag switch
        {
            FormatPcm when bitsPerSample == 16 => 2,
            FormatMuLaw or FormatALaw when bitsPerSample == 8 => 1,
            FormatPcm => throw new MediaFileException(name, MediaFileError.Unsupported, $"{bitsPerSample}-bit PCM (only 16-bit PCM, mu-law and A-law)"),
            _ => throw new MediaFileException(name, MediaFileError.Unsupported, $"format tag {formatTag} with {bitsPerSample} bits (only 16-bit PCM, mu-law and A-law)"),
        };
        if (blockAlign != bytesPerSample * channels)
            throw new MediaFileException(name, MediaFileError.Unsupported, $"block align {blockAlign} does not match {channels} x {bytesPerSample} bytes");

        int frames = data.Length / blockAlign;
        var mono = new short[frames];
        for (int f = 0; f < frames; f++)
        {
            int sum = 0;
            var frame = data.Slice(f * blockAlign, blockAlign);
            for (int c = 0; c < channels; c++)
            {
                sum += formatTag switch
                {
                    FormatPcm => BinaryPrimitives.ReadInt16LittleEndian(frame[(c * 2)..]),
                    FormatMuLaw => MuLaw.Decode(frame[c]),
                    _ => ALaw.Decode(frame[c]),
                };
            }
            mono[f] = (short)(sum / channels);
        }
        var samples = sampleRate == AudioClip.SampleRate ? mono : Resampler.Resample(mono, sampleRate, AudioClip.SampleRate);
        return new AudioClip(name, samples);
    }
}
