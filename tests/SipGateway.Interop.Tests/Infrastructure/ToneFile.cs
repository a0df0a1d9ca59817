namespace SipGateway.Interop.Tests.Infrastructure;

/// <summary>Writes a PCM 16-bit 8 kHz mono WAV of one sine tone (0 Hz: silence), for a softphone's microphone.</summary>
internal static class ToneFile
{
    public static void Write(string path, double hz, TimeSpan length)
    {
        int n = (int)(8000 * length.TotalSeconds);
        using var w = new BinaryWriter(File.Create(path));
        w.Write("RIFF"u8); w.Write(36 + n * 2); w.Write("WAVE"u8);
        w.Write("fmt "u8); w.Write(16); w.Write((short)1); w.Write((short)1); w.Write(8000); w.Write(16000); w.Write((short)2); w.Write((short)16);
        w.Write("data"u8); w.Write(n * 2);
        for (int i = 0; i < n; i++) w.Write(hz == 0 ? (short)0 : (short)(8000 * Math.Sin(2 * Math.PI * hz * i / 8000)));
    }
}
