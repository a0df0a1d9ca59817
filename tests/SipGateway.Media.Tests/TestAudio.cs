using System.Buffers.Binary;

namespace SipGateway.Media.Tests;

/// <summary>Builds WAV files and sine waves for tests.</summary>
internal static class TestAudio
{
    public static short[] Sine(double frequency, int sampleRate, int samples, double amplitude = 10000)
    {
        var s = new short[samples];
        for (int i = 0; i < samples; i++) s[i] = (short)Math.Round(amplitude * Math.Sin(2 * Math.PI * frequency * i / sampleRate));
        return s;
    }

    public static byte[] Wav(int formatTag, int channels, int sampleRate, int bitsPerSample, byte[] data, bool extensible = false)
    {
        int blockAlign = channels * bitsPerSample / 8;
        int fmtSize = extensible ? 40 : 16;
        var file = new byte[12 + 8 + fmtSize + 8 + data.Length];
        var s = file.AsSpan();
        "RIFF"u8.CopyTo(s);
        BinaryPrimitives.WriteInt32LittleEndian(s[4..], file.Length - 8);
        "WAVE"u8.CopyTo(s[8..]);
        "fmt "u8.CopyTo(s[12..]);
        BinaryPrimitives.WriteInt32LittleEndian(s[16..], fmtSize);
        var f = s[20..];
        BinaryPrimitives.WriteUInt16LittleEndian(f, (ushort)(extensible ? 0xFFFE : formatTag));
        BinaryPrimitives.WriteUInt16LittleEndian(f[2..], (ushort)channels);
        BinaryPrimitives.WriteInt32LittleEndian(f[4..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(f[8..], sampleRate * blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(f[12..], (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(f[14..], (ushort)bitsPerSample);
        if (extensible)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(f[16..], 22);
            BinaryPrimitives.WriteUInt16LittleEndian(f[18..], (ushort)bitsPerSample);
            BinaryPrimitives.WriteUInt16LittleEndian(f[24..], (ushort)formatTag); // SubFormat GUID data1
        }
        var d = s[(20 + fmtSize)..];
        "data"u8.CopyTo(d);
        BinaryPrimitives.WriteInt32LittleEndian(d[4..], data.Length);
        data.CopyTo(d[8..]);
        return file;
    }

    public static byte[] Pcm16(params short[][] channels)
    {
        int frames = channels[0].Length;
        var bytes = new byte[frames * channels.Length * 2];
        for (int i = 0; i < frames; i++)
            for (int c = 0; c < channels.Length; c++)
                BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(((i * channels.Length) + c) * 2), channels[c][i]);
        return bytes;
    }

    public static double Rms(ReadOnlySpan<short> s)
    {
        double sum = 0;
        foreach (var v in s) sum += (double)v * v;
        return Math.Sqrt(sum / Math.Max(1, s.Length));
    }

    public static short[] ReadAll(SipGateway.Media.Audio.IAudioSource source, int max)
    {
        var all = new List<short>();
        var buf = new short[160];
        int n;
        while (all.Count < max && (n = source.Read(buf)) > 0) all.AddRange(buf.AsSpan(0, n).ToArray());
        return all.ToArray();
    }
}
